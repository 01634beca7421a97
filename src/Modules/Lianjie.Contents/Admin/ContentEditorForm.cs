using System.Globalization;
using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;
using Lianjie.Contents.Items;
using Microsoft.AspNetCore.Http;

namespace Lianjie.Contents.Admin;

/// <summary>One input of the generated editor. Kind picks the widget in Content.Edit.liquid.</summary>
public sealed record EditorInput(string Name, string Label, string Kind, string? Value, bool Required, string? Hint);

public sealed record EditorSection(string Title, IReadOnlyList<EditorInput> Inputs);

/// <summary>
/// The editor generated from a type definition: known parts get their own inputs, fields get one
/// input per field type; parts and fields we cannot edit are left untouched in the item JSON.
/// </summary>
public static class ContentEditorForm
{
    public static IReadOnlyList<EditorSection> Build(ContentItem item, ContentTypeDefinition type, ContentDefinitionSet definitions)
    {
        var sections = new List<EditorSection>();
        foreach (var part in type.OrderedParts)
        {
            var inputs = new List<EditorInput>();
            switch (part.PartName)
            {
                case KnownPartNames.TitlePart:
                    inputs.Add(new("TitlePart.Title", "Title", "text", item.Title, true, null));
                    break;
                case KnownPartNames.HtmlBodyPart:
                    inputs.Add(new("HtmlBodyPart.Html", "Body", "html", item.HtmlBody, false, null));
                    break;
                case KnownPartNames.MarkdownBodyPart:
                    inputs.Add(new("MarkdownBodyPart.Markdown", "Body (Markdown)", "textarea", item.MarkdownBody, false, null));
                    break;
                case KnownPartNames.AutoroutePart:
                    inputs.Add(new("AutoroutePart.Path", "Path", "text", item.AutoroutePath, false, "Leave empty to make one from the title."));
                    break;
                case KnownPartNames.InterestTagsPart:
                    inputs.Add(new("InterestTagsPart.Tags", "Interest tags", "tags", string.Join(", ", item.InterestTags), false, "Separate tags with commas."));
                    break;
            }

            foreach (var field in definitions.GetFields(part))
            {
                var kind = KindOf(field.FieldName);
                if (kind is null)
                {
                    continue;
                }

                var settings = field.FieldSettings;
                var raw = item.GetFieldValue(part.Name, field.Name, field.FieldName);
                inputs.Add(new($"f.{part.Name}.{field.Name}", settings.DisplayName ?? field.Name, kind, Display(raw, kind), settings.Required, settings.Hint));
            }

            if (inputs.Count > 0)
            {
                sections.Add(new EditorSection(part.Name, inputs));
            }
        }

        return sections;
    }

    /// <summary>Copies the posted values into the item; inputs not in the form are left as they were.</summary>
    public static void Apply(ContentItem item, ContentTypeDefinition type, ContentDefinitionSet definitions, IFormCollection form)
    {
        foreach (var part in type.OrderedParts)
        {
            switch (part.PartName)
            {
                case KnownPartNames.TitlePart when form.ContainsKey("TitlePart.Title"):
                    item.Title = form["TitlePart.Title"].ToString().Trim();
                    break;
                case KnownPartNames.HtmlBodyPart when form.ContainsKey("HtmlBodyPart.Html"):
                    item.HtmlBody = form["HtmlBodyPart.Html"].ToString();
                    break;
                case KnownPartNames.MarkdownBodyPart when form.ContainsKey("MarkdownBodyPart.Markdown"):
                    item.MarkdownBody = form["MarkdownBodyPart.Markdown"].ToString();
                    break;
                case KnownPartNames.AutoroutePart when form.ContainsKey("AutoroutePart.Path"):
                    item.AutoroutePath = form["AutoroutePart.Path"].ToString().Trim();
                    break;
                case KnownPartNames.InterestTagsPart when form.ContainsKey("InterestTagsPart.Tags"):
                    item.InterestTags = SplitTags(form["InterestTagsPart.Tags"].ToString());
                    break;
            }

            foreach (var field in definitions.GetFields(part))
            {
                var name = $"f.{part.Name}.{field.Name}";
                var kind = KindOf(field.FieldName);
                var property = KnownFieldNames.ValuePropertyOf(field.FieldName);
                if (kind is null || property is null)
                {
                    continue;
                }

                // An unchecked box is absent from the form; the hidden "present" marker tells us it was shown.
                if (kind == "boolean" && form.ContainsKey(name + ".present"))
                {
                    item.SetFieldProperty(part.Name, field.Name, property, form.ContainsKey(name));
                }
                else if (form.TryGetValue(name, out var posted))
                {
                    item.SetFieldProperty(part.Name, field.Name, property, Parse(posted.ToString(), kind));
                }
            }
        }
    }

    public static IReadOnlyList<string> SplitTags(string text) =>
        [.. text.Split([',', '，', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    private static string? KindOf(string fieldName) => fieldName switch
    {
        KnownFieldNames.TextField => "text",
        KnownFieldNames.HtmlField => "html",
        KnownFieldNames.MarkdownField => "textarea",
        KnownFieldNames.NumericField => "number",
        KnownFieldNames.BooleanField => "boolean",
        KnownFieldNames.DateField => "date",
        KnownFieldNames.DateTimeField => "datetime",
        KnownFieldNames.LinkField => "url",
        KnownFieldNames.TagsField => "tags",
        _ => null,
    };

    private static string? Display(JsonNode? raw, string kind) => raw switch
    {
        null => null,
        JsonArray array => string.Join(", ", JsonObjectExtensions.AsStringList(array)),
        _ when kind == "date" => JsonObjectExtensions.AsUtcDateTime(raw)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ when kind == "datetime" => JsonObjectExtensions.AsUtcDateTime(raw)?.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
        _ when kind == "boolean" => JsonObjectExtensions.AsBoolean(raw) == true ? "true" : null,
        _ => JsonObjectExtensions.AsString(raw) ?? raw.ToJsonString(),
    };

    private static JsonNode? Parse(string text, string kind)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return kind switch
        {
            "number" => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(text),
            "tags" => new JsonArray([.. SplitTags(text).Select(t => JsonValue.Create(t))]),
            "date" or "datetime" => DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
                ? JsonValue.Create(DateTime.SpecifyKind(d, DateTimeKind.Utc))
                : JsonValue.Create(text),
            _ => JsonValue.Create(text),
        };
    }
}
