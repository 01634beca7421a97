namespace Lianjie.Contents.Definitions;

/// <summary>
/// Field types Lianjie understands, with the JSON property holding each one's value
/// (a TextField is stored as { "Text": "..." }, a NumericField as { "Value": 1.5 }).
/// Other field types (TaxonomyField, YoutubeField, ...) are "unknown but kept".
/// </summary>
public static class KnownFieldNames
{
    public const string TextField = nameof(TextField);
    public const string HtmlField = nameof(HtmlField);
    public const string MarkdownField = nameof(MarkdownField);
    public const string NumericField = nameof(NumericField);
    public const string BooleanField = nameof(BooleanField);
    public const string DateField = nameof(DateField);
    public const string DateTimeField = nameof(DateTimeField);
    public const string LinkField = nameof(LinkField);
    public const string ContentPickerField = nameof(ContentPickerField);
    public const string MediaField = nameof(MediaField);

    /// <summary>Lianjie's own free tag list: { "Tags": ["..."] }.</summary>
    public const string TagsField = nameof(TagsField);

    private static readonly Dictionary<string, string> ValueProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        [TextField] = "Text",
        [HtmlField] = "Html",
        [MarkdownField] = "Markdown",
        [NumericField] = "Value",
        [BooleanField] = "Value",
        [DateField] = "Value",
        [DateTimeField] = "Value",
        [LinkField] = "Url",
        [ContentPickerField] = "ContentItemIds",
        [MediaField] = "Paths",
        [TagsField] = "Tags",
    };

    public static IReadOnlyCollection<string> All => ValueProperties.Keys;

    public static bool IsKnown(string fieldName) => ValueProperties.ContainsKey(fieldName);

    /// <summary>The property holding the field's main value, or null for unknown field types.</summary>
    public static string? ValuePropertyOf(string fieldName) =>
        ValueProperties.TryGetValue(fieldName, out var property) ? property : null;
}
