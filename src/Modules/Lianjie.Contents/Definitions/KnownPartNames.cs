namespace Lianjie.Contents.Definitions;

/// <summary>
/// Parts Lianjie gives behaviour to. Any other part name (BagPart, FlowPart, MenuPart, ...)
/// is "unknown but kept": stored and round-tripped verbatim, just not edited or rendered specially.
/// </summary>
public static class KnownPartNames
{
    public const string TitlePart = nameof(TitlePart);
    public const string HtmlBodyPart = nameof(HtmlBodyPart);
    public const string MarkdownBodyPart = nameof(MarkdownBodyPart);
    public const string AutoroutePart = nameof(AutoroutePart);
    public const string CommonPart = nameof(CommonPart);
    public const string PublishLaterPart = nameof(PublishLaterPart);
    public const string ListPart = nameof(ListPart);
    public const string ContainedPart = nameof(ContainedPart);

    /// <summary>Lianjie's own: the follower interest tags an item is about.</summary>
    public const string InterestTagsPart = nameof(InterestTagsPart);

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        TitlePart, HtmlBodyPart, MarkdownBodyPart, AutoroutePart, CommonPart,
        PublishLaterPart, ListPart, ContainedPart, InterestTagsPart,
    };

    public static bool IsKnown(string partName) => All.Contains(partName);
}
