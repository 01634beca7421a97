using Lianjie.Core.Followers;
using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Lianjie.Tags.Models;
using Lianjie.Tags.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Tags.Admin;

/// <summary>Bulk tagging: a selection or every follower matching a filter, as a background job with a progress page.</summary>
internal static class TagJobsAdminEndpoints
{
    private const int PageSize = 20;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin/tags/jobs").RequirePermission(TagsPermissions.ApplyTags).ExcludeFromDescription();

        admin.MapGet("/", async (PageRenderer pages, TagJobService jobs, TagDictionary tags, int? page, string? message) =>
        {
            var current = Math.Max(1, page ?? 1);
            var (items, total) = await jobs.ListAsync((current - 1) * PageSize, PageSize);
            var (all, _) = await tags.ListTagsAsync(null, null, "name", 0, 1000);
            return await pages.AdminAsync("Bulk tagging", "Tags.Jobs", new
            {
                Items = items,
                Tags = all,
                Total = total,
                Page = current,
                Pages = Math.Max(1, (total + PageSize - 1) / PageSize),
                Message = message,
            });
        });

        admin.MapPost("/", async (HttpContext http, TagJobService jobs) =>
        {
            var form = await http.Request.ReadFormAsync();
            var kind = form["kind"].ToString() == TagJobKinds.Remove ? TagJobKinds.Remove : TagJobKinds.Add;
            var ids = form["ids"].ToString().Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
                .Select(s => long.TryParse(s, out var id) ? id : 0).Where(id => id > 0).ToList();
            FollowerFilter? filter = ids.Count > 0 ? null : new FollowerFilter(
                Text: Empty(form["text"]),
                Tags: Empty(form["filterTags"])?.Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Subscribed: form["subscribed"].ToString() switch { "yes" => true, "no" => false, _ => null },
                Source: Empty(form["source"]));
            try
            {
                var job = await jobs.EnqueueAsync(kind, form["tag"].ToString(), filter, ids.Count > 0 ? ids : null, http.User.Identity?.Name);
                return Results.Redirect($"/admin/tags/jobs/{job.Id}");
            }
            catch (ArgumentException e)
            {
                return Results.Redirect($"/admin/tags/jobs?message={Uri.EscapeDataString(e.Message)}");
            }
        });

        admin.MapGet("/{id:long}", async (long id, PageRenderer pages, TagJobService jobs) =>
            await jobs.FindAsync(id) is { } job ? await pages.AdminAsync("Bulk tagging job", "Tags.Job", new { Job = job }) : Results.NotFound());

        // Polled by the progress page; the job runs in the background, never in a request.
        admin.MapGet("/{id:long}/status", async (long id, TagJobService jobs) =>
            await jobs.FindAsync(id) is { } job
                ? Results.Json(new { job.Id, job.Kind, job.Tag, job.Status, job.Total, job.Done, job.Refused, job.Message })
                : Results.NotFound());
    }

    private static string? Empty(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.ToString().Trim();
}
