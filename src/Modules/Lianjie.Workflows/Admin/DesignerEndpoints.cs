using System.Text.Json;
using Lianjie.Core.Templates;
using Lianjie.Workflows.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Workflows.Admin;

/// <summary>
/// The workflow editor: the definition as Orchard-shaped JSON (activities, transitions, properties)
/// with the activity palette beside it. Saving validates; an invalid enabled workflow is saved disabled.
/// </summary>
internal static class DesignerEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/{id}/edit", async (string id, PageRenderer pages, IWorkflowTypeStore types, ActivityLibrary library, WorkflowValidator validator, string? message) =>
        {
            var type = id == "new"
                ? new WorkflowType { WorkflowTypeId = Guid.NewGuid().ToString("n"), Name = "New workflow" }
                : await types.GetAsync(id);
            if (type is null)
            {
                return Results.NotFound();
            }

            var palette = library.Activities
                .OrderBy(a => a.Category, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal)
                .Select(a => new PaletteItem(a.Name, a.Category, a.IsEvent, [.. a.GetPossibleOutcomes(new ActivityContext(new ActivityRecord { Name = a.Name }, []))]))
                .ToList();
            return await pages.AdminAsync("Workflow designer", "Workflows.Edit", new
            {
                type.WorkflowTypeId,
                type.Name,
                Definition = JsonSerializer.Serialize(type, AdminJson.Indented),
                Issues = validator.Validate(type).Issues.Select(i => i.Message).ToList(),
                Palette = palette,
                PaletteJson = JsonSerializer.Serialize(palette, AdminJson.Indented),
                Message = message,
            });
        });

        admin.MapPost("/{id}/edit", async (string id, HttpContext http, WorkflowTypeAdmin admins) =>
        {
            var form = await http.Request.ReadFormAsync();
            WorkflowType type;
            try
            {
                type = WorkflowJson.Deserialize<WorkflowType>(form["definition"].ToString());
            }
            catch (JsonException e)
            {
                return Results.Redirect($"/admin/workflows/{Uri.EscapeDataString(id)}/edit?message={Uri.EscapeDataString("Invalid JSON: " + e.Message)}");
            }

            if (id != "new")
            {
                type.WorkflowTypeId = id;
            }

            var issues = await admins.SaveAsync(type);
            var message = issues.Count == 0 ? "saved" : "saved with issues";
            return Results.Redirect($"/admin/workflows/{Uri.EscapeDataString(type.WorkflowTypeId)}/edit?message={Uri.EscapeDataString(message)}");
        });
    }
}

internal sealed record PaletteItem(string Name, string Category, bool IsEvent, IReadOnlyList<string> Outcomes);
