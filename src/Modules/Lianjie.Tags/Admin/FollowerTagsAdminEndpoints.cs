using Lianjie.Core.Audit;
using Lianjie.Core.Followers;
using Lianjie.Core.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Tags.Admin;

/// <summary>Manual tagging from the follower page (the Followers admin posts here when Tags is enabled).</summary>
internal static class FollowerTagsAdminEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin/followers/{id:long}/tags").RequirePermission(TagsPermissions.ApplyTags).ExcludeFromDescription();

        admin.MapPost("/", async (long id, HttpContext http, IFollowerTagService tags, AuditLog audit) =>
            await ChangeAsync(id, http, audit, "tags.applied", (tag, origin) => tags.AddAsync(id, tag, origin)));

        admin.MapPost("/remove", async (long id, HttpContext http, IFollowerTagService tags, AuditLog audit) =>
            await ChangeAsync(id, http, audit, "tags.removed", (tag, origin) => tags.RemoveAsync(id, tag, origin)));
    }

    private static async Task<IResult> ChangeAsync(long id, HttpContext http, AuditLog audit, string action, Func<string, TagChangeOrigin, Task<TagChange>> change)
    {
        var form = await http.Request.ReadFormAsync();
        var tag = form["tag"].ToString().Trim();
        var back = form["returnUrl"].ToString() is { Length: > 1 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : $"/admin/followers/{id}";
        if (tag.Length == 0)
        {
            return Results.Redirect(WithMessage(back, "Choose a tag."));
        }

        TagChange result;
        try
        {
            result = await change(tag, new TagChangeOrigin("admin", http.User.Identity?.Name));
        }
        catch (KeyNotFoundException)
        {
            return Results.NotFound();
        }

        await audit.RecordAsync(action, $"follower:{id}", $"{tag}: {result.Status}{(result.Message is null ? string.Empty : " — " + result.Message)}");
        return Results.Redirect(WithMessage(back, result.Message ?? result.Status.ToString()));
    }

    private static string WithMessage(string url, string message) =>
        url + (url.Contains('?') ? "&" : "?") + "message=" + Uri.EscapeDataString(message);
}
