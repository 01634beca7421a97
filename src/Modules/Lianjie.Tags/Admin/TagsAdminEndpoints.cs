using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Lianjie.Tags.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Tags.Admin;

/// <summary>The tag dictionary: groups and tags with counts, create, edit/rename, merge, delete (with confirmation).</summary>
internal static class TagsAdminEndpoints
{
    private const int PageSize = 25;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin/tags").RequirePermission(TagsPermissions.ManageTags).ExcludeFromDescription();

        admin.MapGet("/", async (PageRenderer pages, TagDictionary tags, string? q, string? group, string? sort, int? page, string? message) =>
        {
            var current = Math.Max(1, page ?? 1);
            var (items, total) = await tags.ListTagsAsync(q, group, sort, (current - 1) * PageSize, PageSize);
            return await pages.AdminAsync("Tags", "Tags.Index", new
            {
                Items = items,
                Groups = await tags.ListGroupsAsync(),
                Total = total,
                Query = q,
                Group = group,
                Sort = sort,
                Page = current,
                Pages = Math.Max(1, (total + PageSize - 1) / PageSize),
                Message = message,
            });
        });

        admin.MapPost("/", async (HttpContext http, TagDictionary tags) =>
        {
            var form = await http.Request.ReadFormAsync();
            return await Redirecting("/admin/tags", async () =>
            {
                await tags.UpsertTagAsync(TagForm.Read(form), id: await NewNameAsync(tags, form["name"].ToString()));
                return "created";
            });
        });

        admin.MapPost("/groups", async (HttpContext http, TagDictionary tags) =>
        {
            var form = await http.Request.ReadFormAsync();
            return await Redirecting("/admin/tags", async () =>
            {
                if ((await tags.ListGroupsAsync()).Any(g => g.Name == form["name"].ToString().Trim()))
                {
                    throw new ArgumentException("A tag group with this name already exists.");
                }

                await tags.UpsertGroupAsync(TagForm.ReadGroup(form));
                return "created";
            });
        });

        admin.MapGet("/groups/{id:long}", async (long id, PageRenderer pages, TagDictionary tags, string? message) =>
            await tags.FindGroupAsync(id) is { } group
                ? await pages.AdminAsync("Edit tag group", "Tags.Group", new { Group = group, Message = message })
                : Results.NotFound());

        admin.MapPost("/groups/{id:long}", async (long id, HttpContext http, TagDictionary tags) =>
        {
            var form = await http.Request.ReadFormAsync();
            return await Redirecting($"/admin/tags/groups/{id}", async () =>
            {
                await tags.UpsertGroupAsync(TagForm.ReadGroup(form), id);
                return "saved";
            });
        });

        admin.MapPost("/groups/{id:long}/delete", async (long id, TagDictionary tags) =>
            await Redirecting("/admin/tags", async () =>
            {
                await tags.DeleteGroupAsync(id);
                return "deleted";
            }));

        admin.MapGet("/{id:long}", async (long id, PageRenderer pages, TagDictionary tags, string? message) =>
        {
            var tag = await tags.FindAsync(id);
            if (tag is null)
            {
                return Results.NotFound();
            }

            var (all, _) = await tags.ListTagsAsync(null, null, "name", 0, 1000);
            return await pages.AdminAsync("Edit tag", "Tags.Edit", new
            {
                Tag = tag,
                Group = (await tags.FindGroupAsync(tag.GroupId ?? 0))?.Name,
                Groups = await tags.ListGroupsAsync(),
                Others = all.Where(t => t.Id != id).ToList(),
                Followers = await tags.CountFollowersAsync(id),
                Message = message,
            });
        });

        admin.MapPost("/{id:long}", async (long id, HttpContext http, TagDictionary tags) =>
        {
            var form = await http.Request.ReadFormAsync();
            return await Redirecting($"/admin/tags/{id}", async () =>
            {
                await tags.UpsertTagAsync(TagForm.Read(form), id);
                return "saved";
            });
        });

        admin.MapPost("/{id:long}/merge", async (long id, HttpContext http, TagDictionary tags) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (!long.TryParse(form["target"], out var target))
            {
                return Results.Redirect($"/admin/tags/{id}?message={Uri.EscapeDataString("Choose the tag to merge into.")}");
            }

            try
            {
                await tags.MergeAsync(id, target);
                return Results.Redirect($"/admin/tags/{target}?message=merged");
            }
            catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
            {
                return Results.Redirect($"/admin/tags/{id}?message={Uri.EscapeDataString(e.Message)}");
            }
        });

        admin.MapGet("/{id:long}/delete", async (long id, PageRenderer pages, TagDictionary tags) =>
            await tags.FindAsync(id) is { } tag
                ? await pages.AdminAsync("Delete tag", "Tags.Delete", new { Tag = tag, Followers = await tags.CountFollowersAsync(id), Background = TagDictionary.InlineDeleteLimit })
                : Results.NotFound());

        admin.MapPost("/{id:long}/delete", async (long id, HttpContext http, TagDictionary tags, TagJobService jobs) =>
        {
            var tag = await tags.FindAsync(id);
            if (tag is null)
            {
                return Results.NotFound();
            }

            var holders = await tags.CountFollowersAsync(id);
            if (holders > TagDictionary.InlineDeleteLimit)
            {
                var job = await jobs.EnqueueDeleteAsync(tag, holders, http.User.Identity?.Name);
                return Results.Redirect($"/admin/tags/jobs/{job.Id}");
            }

            await tags.DeleteNowAsync(id);
            return Results.Redirect("/admin/tags?message=deleted");
        });
    }

    /// <summary>Runs a change and redirects with its outcome, or with the rule it broke.</summary>
    private static async Task<IResult> Redirecting(string path, Func<Task<string>> change)
    {
        try
        {
            return Results.Redirect($"{path}?message={Uri.EscapeDataString(await change())}");
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
        {
            return Results.Redirect($"{path}?message={Uri.EscapeDataString(e.Message)}");
        }
    }

    /// <summary>Creating never updates an existing tag silently.</summary>
    private static async Task<long?> NewNameAsync(TagDictionary tags, string name) =>
        await tags.FindByNameAsync(name) is not null ? throw new ArgumentException("A tag with this name already exists.") : null;
}

internal static class TagForm
{
    public static TagInput Read(IFormCollection form) => new(
        form["name"].ToString(),
        NullIfEmpty(form["group"]),
        NullIfEmpty(form["color"]),
        NullIfEmpty(form["description"]),
        form["sensitive"].Contains("true"),
        int.TryParse(form["expiryDays"], out var days) ? days : null);

    public static TagGroupInput ReadGroup(IFormCollection form) => new(
        form["name"].ToString(),
        NullIfEmpty(form["description"]),
        form["exclusive"].Contains("true"),
        int.TryParse(form["maxPerFollower"], out var max) ? max : null);

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.ToString();
}
