using System.Globalization;
using Lianjie.Core.Templates;
using Lianjie.Workflows.Crm.Tasks;
using Lianjie.Workflows.Rules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace Lianjie.Workflows.Admin;

/// <summary>/admin/workflows/rules: the simple "when … then …" form, dry run and retroactive apply.</summary>
internal static class RuleEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/rules", async (PageRenderer pages, TagRuleService rules, string? edit, string? message, int? dryFollowers, int? dryEvents, int? dryScanned, int? applied) =>
        {
            var all = await rules.ListAsync();
            var editing = edit is null ? new TagRule() : await rules.GetAsync(edit) ?? new TagRule();
            return await pages.AdminAsync("Tag rules", "Workflows.Rules", new
            {
                Items = all.Select(r => new { r.WorkflowTypeId, r.Name, r.Event, Filters = Describe(r.Filters), r.Count, r.WithinDays, AddTags = string.Join(", ", r.AddTags), r.IsEnabled }).ToList(),
                Editing = new
                {
                    editing.WorkflowTypeId,
                    editing.Name,
                    editing.Event,
                    Filters = string.Join("\n", editing.Filters.Select(f => $"{f.Key}={f.Value}")),
                    editing.Count,
                    editing.WithinDays,
                    AddTags = string.Join(", ", editing.AddTags),
                    RemoveTags = string.Join(", ", editing.RemoveTags),
                    editing.PointsDimension,
                    PointsAmount = editing.PointsAmount.ToString(CultureInfo.InvariantCulture),
                    editing.MessageText,
                },
                Events = rules.Events.Select(e => e.Name).ToList(),
                Dimensions = AddPointsTask.Dimensions,
                Message = message,
                DryRun = dryFollowers is null ? null : new { Followers = dryFollowers, Events = dryEvents ?? 0, Scanned = dryScanned ?? 0 },
                Applied = applied,
            });
        });

        admin.MapPost("/rules", async (HttpContext http, TagRuleService rules) =>
        {
            var form = await http.Request.ReadFormAsync();
            try
            {
                var saved = await rules.SaveAsync(Parse(form));
                return Results.Redirect($"/admin/workflows/rules?edit={saved.WorkflowTypeId}&message=saved");
            }
            catch (ArgumentException e)
            {
                return Results.Redirect("/admin/workflows/rules?message=" + Uri.EscapeDataString(e.Message));
            }
        });

        admin.MapPost("/rules/{id}/dryrun", async (string id, TagRuleService rules) =>
        {
            var result = await rules.DryRunAsync(id);
            return Results.Redirect(string.Create(CultureInfo.InvariantCulture, $"/admin/workflows/rules?edit={id}&dryFollowers={result.Followers}&dryEvents={result.Qualifying.Count}&dryScanned={result.EventsScanned}"));
        });

        admin.MapPost("/rules/{id}/apply", async (string id, TagRuleService rules) =>
        {
            var ran = await rules.ApplyRetroactivelyAsync(id);
            return Results.Redirect(string.Create(CultureInfo.InvariantCulture, $"/admin/workflows/rules?edit={id}&applied={ran}"));
        });
    }

    internal static TagRule Parse(IFormCollection form) => new()
    {
        WorkflowTypeId = Blank(form["id"]),
        Name = form["name"].ToString(),
        Event = form["event"].ToString(),
        Filters = form["filters"].ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 2 && parts[0].Length > 0)
            .GroupBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal),
        Count = int.TryParse(form["count"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? Math.Max(1, count) : 1,
        WithinDays = int.TryParse(form["withinDays"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) ? Math.Max(1, days) : 30,
        AddTags = List(form["addTags"]),
        RemoveTags = List(form["removeTags"]),
        PointsDimension = Blank(form["pointsDimension"]),
        PointsAmount = double.TryParse(form["pointsAmount"], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) ? amount : 0,
        MessageText = Blank(form["messageText"]),
    };

    private static string Describe(Dictionary<string, string> filters) => string.Join(", ", filters.Select(f => $"{f.Key}={f.Value}"));

    private static List<string> List(StringValues value) =>
        [.. value.ToString().Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    private static string? Blank(StringValues value) => string.IsNullOrWhiteSpace(value) ? null : value.ToString().Trim();
}
