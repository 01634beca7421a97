using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;

namespace Lianjie.Contents.Items;

/// <summary>Typed accessors for the parts Lianjie knows; each maps to Orchard's JSON for that part.</summary>
public sealed partial class ContentItem
{
    /// <summary>
    /// "TitlePart": { "Title" }. Setting it also sets DisplayText, as Orchard's TitlePart handler does,
    /// so lists and pickers show the new title.
    /// </summary>
    public string? Title
    {
        get => GetPart(KnownPartNames.TitlePart)?.GetString("Title");
        set
        {
            GetOrAddPart(KnownPartNames.TitlePart).SetIgnoreCase("Title", value);
            DisplayText = value;
        }
    }

    /// <summary>"HtmlBodyPart": { "Html" } — stored sanitised; see HtmlBodySanitizer.</summary>
    public string? HtmlBody
    {
        get => GetPart(KnownPartNames.HtmlBodyPart)?.GetString("Html");
        set => GetOrAddPart(KnownPartNames.HtmlBodyPart).SetIgnoreCase("Html", value);
    }

    /// <summary>"MarkdownBodyPart": { "Markdown" } — raw markdown; render with MarkdownRenderer.</summary>
    public string? MarkdownBody
    {
        get => GetPart(KnownPartNames.MarkdownBodyPart)?.GetString("Markdown");
        set => GetOrAddPart(KnownPartNames.MarkdownBodyPart).SetIgnoreCase("Markdown", value);
    }

    /// <summary>"AutoroutePart": { "Path" } — relative path without a leading slash, e.g. "blog/hello".</summary>
    public string? AutoroutePath
    {
        get => GetPart(KnownPartNames.AutoroutePart)?.GetString("Path");
        set => GetOrAddPart(KnownPartNames.AutoroutePart).SetIgnoreCase("Path", value);
    }

    /// <summary>"InterestTagsPart": { "Tags": ["肝病", ...] } — follower interests this item is about.</summary>
    public IReadOnlyList<string> InterestTags
    {
        get => JsonObjectExtensions.AsStringList(GetPart(KnownPartNames.InterestTagsPart)?.GetIgnoreCase("Tags"));
        set => GetOrAddPart(KnownPartNames.InterestTagsPart).SetIgnoreCase(
            "Tags",
            new JsonArray([.. value.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).Select(t => JsonValue.Create(t))]));
    }

    /// <summary>"PublishLaterPart": { "ScheduledPublishUtc" }; null removes the schedule.</summary>
    public DateTime? ScheduledPublishUtc
    {
        get => GetPart(KnownPartNames.PublishLaterPart)?.GetUtcDateTime("ScheduledPublishUtc");
        set
        {
            if (value is null && !HasPart(KnownPartNames.PublishLaterPart))
            {
                return;
            }

            GetOrAddPart(KnownPartNames.PublishLaterPart).SetIgnoreCase("ScheduledPublishUtc", JsonObjectExtensions.FromUtcDateTime(value));
        }
    }

    /// <summary>"ContainedPart": { "ListContentItemId" } — the list (e.g. blog) this item belongs to.</summary>
    public string? ContainerId
    {
        get => GetPart(KnownPartNames.ContainedPart)?.GetString("ListContentItemId");
        set => GetOrAddPart(KnownPartNames.ContainedPart).SetIgnoreCase("ListContentItemId", value);
    }
}
