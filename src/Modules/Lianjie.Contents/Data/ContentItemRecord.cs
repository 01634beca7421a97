namespace Lianjie.Contents.Data;

/// <summary>
/// One version of a content item (table "ContentItems"). The full Orchard JSON is in <see cref="Data"/>;
/// the other columns are copies of it for querying (type, status, path, tags, text).
/// </summary>
public sealed class ContentItemRecord
{
    public long Id { get; set; }

    public string ContentItemId { get; set; } = string.Empty;

    public string ContentItemVersionId { get; set; } = string.Empty;

    public string ContentType { get; set; } = string.Empty;

    public string? DisplayText { get; set; }

    public bool Latest { get; set; }

    public bool Published { get; set; }

    /// <summary>AutoroutePart.Path, e.g. "肝病饮食指南".</summary>
    public string? Path { get; set; }

    public string? Owner { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime ModifiedUtc { get; set; }

    public DateTime? PublishedUtc { get; set; }

    public DateTime? ScheduledPublishUtc { get; set; }

    /// <summary>Tags wrapped in '|' ("|肝病|饮食|") so one tag is matched with LIKE '%|tag|%'.</summary>
    public string? InterestTags { get; set; }

    public string Data { get; set; } = "{}";
}
