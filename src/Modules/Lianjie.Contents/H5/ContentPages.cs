using System.Diagnostics;
using Lianjie.Contents.Definitions;
using Lianjie.Contents.Items;
using Lianjie.Contents.Parts;
using Lianjie.Contents.Services;
using Lianjie.Contents.Tracking;
using Lianjie.Core.H5;
using Lianjie.Core.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Contents.H5;

/// <summary>Follower-facing pages: the article list (/h5) and an article by its path (/h5/{path}).</summary>
internal static class ContentPages
{
    // The WeChatH5 theme (a dependency of this feature) provides the layout.
    private const string Layout = "Layout.H5";
    private const int PageSize = 10;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/h5", ListAsync).ExcludeFromDescription();
        endpoints.MapGet("/h5/{**path}", ArticleAsync).ExcludeFromDescription();
    }

    public static string UrlOf(ContentItem item) =>
        "/h5/" + string.Join('/', (item.AutoroutePath ?? item.ContentItemId ?? string.Empty).Split('/').Select(Uri.EscapeDataString));

    private static async Task<IResult> ListAsync(PageRenderer pages, ContentManager contents, ContentDefinitionStore definitions, string? type, string? tag, int? page)
    {
        var current = Math.Max(1, page ?? 1);
        var set = await definitions.LoadReadOnlyAsync();
        var listed = await contents.ListAsync(new ContentQuery(type, null, tag, ContentStatus.Published, (current - 1) * PageSize, PageSize, ContentSort.Published));
        var items = listed.Items
            .Where(i => type is not null || set.GetTypeDefinition(i.ContentType ?? string.Empty)?.HasPart(KnownPartNames.AutoroutePart) == true)
            .Select(i => new { Title = i.DisplayText, Url = UrlOf(i), i.PublishedUtc, Tags = i.InterestTags })
            .ToList();
        return await pages.PageAsync(Layout, "Articles", "H5.ContentList", new
        {
            Items = items,
            Tag = tag,
            Type = type,
            Page = current,
            HasPrevious = current > 1,
            HasNext = current * PageSize < listed.Total,
        });
    }

    private static async Task<IResult> ArticleAsync(
        HttpContext http,
        string path,
        string? s,
        PageRenderer pages,
        ContentManager contents,
        ContentDefinitionStore definitions,
        HtmlBodySanitizer sanitizer,
        IH5VisitorAccessor visitors,
        TrackingTokens tokens,
        SiteTemplateOverrides overrides)
    {
        var started = Stopwatch.GetTimestamp();
        var item = await contents.GetPublishedByPathAsync(path, http.RequestAborted);
        if (item is null)
        {
            return await pages.PageAsync(Layout, "Not found", "H5.NotFound", null, StatusCodes.Status404NotFound);
        }

        var visitor = await visitors.GetAsync(http, http.RequestAborted);
        var sharer = tokens.ReadShareToken(s);
        var type = (await definitions.LoadReadOnlyAsync(http.RequestAborted)).GetTypeDefinition(item.ContentType ?? string.Empty);
        var settings = ContentTrackingSettings.For(type);
        var ownShare = tokens.CreateShareToken(new Sharer(visitor.FollowerId, visitor.IsAnonymous ? visitor.VisitorId : null));

        // A type-specific template ("H5.Article.Article") wins when the site provides one.
        var view = await overrides.FindAsync("H5.Article." + item.ContentType) is not null ? "H5.Article." + item.ContentType : "H5.Article";
        var result = await pages.PageAsync(Layout, item.DisplayText ?? string.Empty, view, new
        {
            item.ContentItemId,
            item.ContentType,
            Title = item.DisplayText,
            // Sanitised again on render: older or imported data may predate the current rules.
            Html = item.HtmlBody is { } html ? sanitizer.Sanitize(html) : new MarkdownRenderer(sanitizer).Render(item.MarkdownBody),
            item.PublishedUtc,
            Tags = item.InterestTags,
            Token = tokens.CreatePageToken(new PageGrant(visitor.VisitorId, item.ContentItemId!, sharer)),
            ShareUrl = UrlOf(item) + "?s=" + Uri.EscapeDataString(ownShare),
            settings.ReadSeconds,
            ReadPercent = settings.ReadScrollPercent,
            Item = item.Data,
        });
        http.Response.Headers["Server-Timing"] = $"render;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.0}";
        http.Response.Headers.CacheControl = "private, no-store";
        return result;
    }
}
