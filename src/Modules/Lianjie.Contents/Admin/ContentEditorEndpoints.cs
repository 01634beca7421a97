using System.Globalization;
using System.Security.Claims;
using Lianjie.Contents.Items;
using Lianjie.Contents.Parts;
using Lianjie.Contents.Services;
using Lianjie.Core.Audit;
using Lianjie.Core.Security;
using Lianjie.Core.Settings;
using Lianjie.Core.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Contents.Admin;

/// <summary>/admin/content/new and /admin/content/{id}/edit: the editor generated from the type definition.</summary>
internal static class ContentEditorEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // Per item below: "edit own/all", generally or for the item's type (ContentsPermissions).
        var group = endpoints.MapGroup("/admin/content").RequirePermission(CorePermissions.AccessAdmin).ExcludeFromDescription();
        group.MapGet("/new", async (HttpContext http, PageRenderer pages, ContentDefinitionStore definitions, string type) =>
            await ContentsPermissions.CanCreateAsync(http, type)
                ? await RenderAsync(http, pages, definitions, new ContentItem { ContentType = type }, [], 200)
                : Denied());
        group.MapGet("/{id}/edit", async (HttpContext http, PageRenderer pages, ContentManager contents, ContentDefinitionStore definitions, string id) =>
            await contents.GetAsync(id, ContentStatus.Latest) is not { } item ? Results.NotFound()
            : await ContentsPermissions.CanEditAsync(http, item.ContentType, item.Owner) ? await RenderAsync(http, pages, definitions, item, [], 200)
            : Denied());
        group.MapPost("/save", SaveAsync);
    }

    private static async Task<IResult> SaveAsync(HttpContext http, PageRenderer pages, ContentManager contents, ContentDefinitionStore definitions, SiteSettingsStore siteSettings, AuditLog audit)
    {
        var form = await http.Request.ReadFormAsync();
        var id = form["ContentItemId"].ToString();
        var action = form["submit"].ToString();
        var publish = action == "publish";
        var existing = id.Length > 0 ? await contents.GetAsync(id, ContentStatus.Latest) : null;
        var item = existing ?? new ContentItem { ContentType = form["ContentType"].ToString() };
        var canEdit = existing is null
            ? await ContentsPermissions.CanCreateAsync(http, item.ContentType)
            : await ContentsPermissions.CanEditAsync(http, existing.ContentType, existing.Owner);
        if (!canEdit || (publish && !await ContentsPermissions.CanAsync(http, ContentsPermissions.PublishContent, item.ContentType)))
        {
            return Denied();
        }

        var set = await definitions.LoadAsync();
        if (set.GetTypeDefinition(item.ContentType ?? string.Empty) is not { } type)
        {
            return Results.BadRequest();
        }

        ContentEditorForm.Apply(item, type, set, form);
        var result = await contents.SaveAsync(item, publish, http.User.FindFirstValue(ClaimTypes.Name));
        if (!result.Succeeded)
        {
            return await RenderAsync(http, pages, definitions, item, result.Errors, StatusCodes.Status422UnprocessableEntity);
        }

        var saved = result.Item!;
        await audit.RecordAsync(publish ? "content.publish" : "content.save", saved.ContentItemId, $"{saved.ContentType} \"{saved.DisplayText}\"");
        if (!publish && form["ScheduledPublishLocal"].ToString() is { Length: > 0 } local
            && DateTime.TryParse(local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var when)
            && await ContentsPermissions.CanAsync(http, ContentsPermissions.PublishContent, saved.ContentType))
        {
            var zone = (await siteSettings.GetAsync()).TimeZone;
            var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(when, DateTimeKind.Unspecified), zone);
            if (utc > DateTime.UtcNow)
            {
                await contents.ScheduleAsync(saved.ContentItemId!, utc);
                await audit.RecordAsync("content.schedule", saved.ContentItemId, utc.ToString("O", CultureInfo.InvariantCulture));
            }
        }

        return Results.Redirect($"/admin/content/{saved.ContentItemId}/edit");
    }

    /// <summary>The admin's access-denied page (403), as for a missing permission on the route.</summary>
    internal static IResult Denied() => Results.Redirect("/admin/denied");

    private static async Task<IResult> RenderAsync(HttpContext http, PageRenderer pages, ContentDefinitionStore definitions, ContentItem item, IReadOnlyList<ContentValidationError> errors, int status)
    {
        var set = await definitions.LoadAsync();
        if (set.GetTypeDefinition(item.ContentType ?? string.Empty) is not { } type)
        {
            return Results.NotFound();
        }

        return await pages.AdminAsync(item.ContentItemId is null ? "New content" : "Edit content", "Content.Edit", new
        {
            item.ContentItemId,
            item.ContentType,
            TypeName = type.DisplayName ?? type.Name,
            item.Published,
            item.ScheduledPublishUtc,
            Url = item.Published && item.AutoroutePath is not null ? H5.ContentPages.UrlOf(item) : null,
            Sections = ContentEditorForm.Build(item, type, set),
            Errors = errors.Select(e => string.IsNullOrEmpty(e.Field) ? e.Message : $"{e.Field}: {e.Message}").ToList(),
            CanPublish = await ContentsPermissions.CanAsync(http, ContentsPermissions.PublishContent, item.ContentType),
        }, status);
    }
}
