using Lianjie.Contents.Items;

namespace Lianjie.Contents.Services;

public enum ContentStatus
{
    /// <summary>The version visitors see.</summary>
    Published,

    /// <summary>The newest version, draft or published (editors).</summary>
    Latest,

    /// <summary>Items whose newest version is not published.</summary>
    Draft,
}

public enum ContentSort
{
    Modified,
    Published,
    Title,
}

/// <summary>Filters shared by the admin list, the API and the H5 list.</summary>
public sealed record ContentQuery(
    string? Type = null,
    string? Text = null,
    string? Tag = null,
    ContentStatus Status = ContentStatus.Published,
    int Skip = 0,
    int Take = 20,
    ContentSort Sort = ContentSort.Modified,
    bool Descending = true)
{
    public const int MaxTake = 100;
}

public sealed record ContentPage(IReadOnlyList<ContentItem> Items, int Total);

public sealed record ContentSaveResult(ContentItem? Item, IReadOnlyList<Parts.ContentValidationError> Errors)
{
    public bool Succeeded => Item is not null && Errors.Count == 0;
}
