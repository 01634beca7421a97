using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;

namespace Lianjie.Contents.Items;

/// <summary>
/// One version of a content item in Orchard's JSON shape. The whole JsonObject is kept as the
/// source of truth and every property here reads/writes it, so parts and fields we do not model
/// (BagPart, TaxonomyField, LayerMetadata, ...) survive a load/save untouched.
/// </summary>
public sealed partial class ContentItem
{
    /// <summary>Top-level keys that are item metadata rather than parts.</summary>
    public static IReadOnlySet<string> CoreProperties { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Id", "ContentItemId", "ContentItemVersionId", "ContentType", "DisplayText", "Latest", "Published",
        "ModifiedUtc", "PublishedUtc", "CreatedUtc", "Owner", "Author",
    };

    public ContentItem()
        : this([])
    {
    }

    /// <summary>Wraps (does not copy) the given object; use <see cref="FromJson"/> for a detached copy.</summary>
    public ContentItem(JsonObject data)
    {
        Data = data;
    }

    public JsonObject Data { get; }

    public static ContentItem FromJson(JsonObject json) => new(json.DeepClone().AsObject());

    public static ContentItem Parse(string json) => new(RecipeJson.ParseObject(json));

    public JsonObject ToJson() => Data.DeepClone().AsObject();

    public string ToJsonString() => RecipeJson.ToJsonString(Data);

    public ContentItem Clone() => FromJson(Data);

    public string? ContentItemId { get => Data.GetString(nameof(ContentItemId)); set => SetString(nameof(ContentItemId), value); }

    public string? ContentItemVersionId { get => Data.GetString(nameof(ContentItemVersionId)); set => SetString(nameof(ContentItemVersionId), value); }

    public string? ContentType { get => Data.GetString(nameof(ContentType)); set => SetString(nameof(ContentType), value); }

    public string? DisplayText { get => Data.GetString(nameof(DisplayText)); set => SetString(nameof(DisplayText), value); }

    /// <summary>The newest version (draft or published) of this item.</summary>
    public bool Latest { get => Data.GetBoolean(nameof(Latest)) ?? false; set => Data.SetIgnoreCase(nameof(Latest), value); }

    /// <summary>The version visitors see; at most one version per item.</summary>
    public bool Published { get => Data.GetBoolean(nameof(Published)) ?? false; set => Data.SetIgnoreCase(nameof(Published), value); }

    /// <summary>Null when absent or not a date (recipes hold placeholders like "[js: variables('now')]").</summary>
    public DateTime? ModifiedUtc { get => Data.GetUtcDateTime(nameof(ModifiedUtc)); set => SetDate(nameof(ModifiedUtc), value); }

    public DateTime? PublishedUtc { get => Data.GetUtcDateTime(nameof(PublishedUtc)); set => SetDate(nameof(PublishedUtc), value); }

    public DateTime? CreatedUtc { get => Data.GetUtcDateTime(nameof(CreatedUtc)); set => SetDate(nameof(CreatedUtc), value); }

    /// <summary>User id of the owner.</summary>
    public string? Owner { get => Data.GetString(nameof(Owner)); set => SetString(nameof(Owner), value); }

    /// <summary>User name of the last editor.</summary>
    public string? Author { get => Data.GetString(nameof(Author)); set => SetString(nameof(Author), value); }

    /// <summary>Keys of every object-valued, non-core property: attached parts, named parts, and anything else kept.</summary>
    public IEnumerable<string> PartNames =>
        Data.Where(p => p.Value is JsonObject && !CoreProperties.Contains(p.Key)).Select(p => p.Key);

    public bool HasPart(string partName) => GetPart(partName) is not null;

    public JsonObject? GetPart(string partName) => Data.GetObject(partName);

    public JsonObject GetOrAddPart(string partName) => Data.GetOrAddObject(partName);

    public bool RemovePart(string partName) => Data.RemoveIgnoreCase(partName);

    /// <summary>"Article": { "Subtitle": { "Text": "..." } } → the { "Text": ... } object.</summary>
    public JsonObject? GetField(string partName, string fieldName) => GetPart(partName)?.GetObject(fieldName);

    public JsonObject GetOrAddField(string partName, string fieldName) => GetOrAddPart(partName).GetOrAddObject(fieldName);

    /// <summary>A field's raw property, e.g. ("Article", "Subtitle", "Text").</summary>
    public JsonNode? GetFieldProperty(string partName, string fieldName, string property) =>
        GetField(partName, fieldName)?.GetIgnoreCase(property);

    public void SetFieldProperty(string partName, string fieldName, string property, JsonNode? value) =>
        GetOrAddField(partName, fieldName).SetIgnoreCase(property, value);

    /// <summary>The main value of a known field type (Text, Html, Value, Url, Paths, ...), as raw JSON.</summary>
    public JsonNode? GetFieldValue(string partName, string fieldName, string fieldType) =>
        KnownFieldNames.ValuePropertyOf(fieldType) is { } property ? GetFieldProperty(partName, fieldName, property) : null;

    public string? GetTextField(string partName, string fieldName) =>
        JsonObjectExtensions.AsString(GetFieldProperty(partName, fieldName, "Text"));

    public void SetTextField(string partName, string fieldName, string? text) =>
        SetFieldProperty(partName, fieldName, "Text", text);

    public decimal? GetNumericField(string partName, string fieldName) =>
        JsonObjectExtensions.AsDecimal(GetFieldProperty(partName, fieldName, "Value"));

    public bool? GetBooleanField(string partName, string fieldName) =>
        JsonObjectExtensions.AsBoolean(GetFieldProperty(partName, fieldName, "Value"));

    public DateTime? GetDateField(string partName, string fieldName) =>
        JsonObjectExtensions.AsUtcDateTime(GetFieldProperty(partName, fieldName, "Value"));

    /// <summary>ContentPickerField ids, MediaField paths, TagsField tags — any string array property.</summary>
    public IReadOnlyList<string> GetStringListField(string partName, string fieldName, string property) =>
        JsonObjectExtensions.AsStringList(GetFieldProperty(partName, fieldName, property));

    /// <summary>
    /// Items nested in a part's "ContentItems" array (BagPart, FlowPart widgets). The wrappers are live:
    /// changing them changes this item.
    /// </summary>
    public IReadOnlyList<ContentItem> GetNestedItems(string partName) =>
        [.. (GetPart(partName)?.GetArray("ContentItems") ?? []).OfType<JsonObject>().Select(o => new ContentItem(o))];

    private void SetString(string name, string? value) => Data.SetIgnoreCase(name, value);

    private void SetDate(string name, DateTime? value) => Data.SetIgnoreCase(name, JsonObjectExtensions.FromUtcDateTime(value));
}
