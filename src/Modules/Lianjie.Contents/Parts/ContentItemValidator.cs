using System.Text.Json;
using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;
using Lianjie.Contents.Items;

namespace Lianjie.Contents.Parts;

/// <summary>
/// Checks an item against its type definition before save: required fields (Required in the
/// field type's settings, e.g. TextFieldSettings.Required), and value shapes of known field types
/// (NumericFieldSettings Minimum/Maximum/Scale, http(s) links, parseable dates, single-value pickers).
/// Unknown parts and field types are not checked, only kept.
/// </summary>
public sealed class ContentItemValidator
{
    public IReadOnlyList<ContentValidationError> Validate(ContentItem item, ContentDefinitionSet definitions)
    {
        var errors = new List<ContentValidationError>();
        var type = item.ContentType is { Length: > 0 } typeName ? definitions.GetTypeDefinition(typeName) : null;
        if (type is null)
        {
            errors.Add(new("", "", $"Unknown content type '{item.ContentType}'."));
            return errors;
        }

        foreach (var typePart in type.OrderedParts)
        {
            ValidatePart(item, typePart, errors);
            foreach (var field in definitions.GetFields(typePart))
            {
                ValidateField(item.GetField(typePart.Name, field.Name), typePart.Name, field, errors);
            }
        }

        return errors;
    }

    private static void ValidatePart(ContentItem item, ContentTypePartDefinition typePart, List<ContentValidationError> errors)
    {
        void Add(string message) => errors.Add(new(typePart.Name, "", message));

        switch (typePart.PartName)
        {
            case KnownPartNames.TitlePart:
                // Orchard's TitlePartSettings.Options: "EditableRequired" (3) means a title must be typed.
                var options = typePart.Settings.GetObject("TitlePartSettings")?.GetIgnoreCase("Options");
                var required = JsonObjectExtensions.AsString(options) == "EditableRequired" || JsonObjectExtensions.AsDecimal(options) == 3;
                if (required && string.IsNullOrWhiteSpace(item.Title))
                {
                    Add("Title is required.");
                }

                break;

            case KnownPartNames.AutoroutePart when item.AutoroutePath is { Length: > 0 } path:
                if (path.StartsWith('/') || path.Contains("//", StringComparison.Ordinal)
                    || path.Any(c => char.IsWhiteSpace(c) || c is '?' or '#' or '\\'))
                {
                    Add("Path must be relative, without spaces, '?', '#', '\\' or empty segments.");
                }

                break;

            case KnownPartNames.InterestTagsPart when item.GetPart(typePart.Name)?.GetIgnoreCase("Tags") is { } tags:
                if (tags is not JsonArray array || array.Any(t => string.IsNullOrWhiteSpace(JsonObjectExtensions.AsString(t))))
                {
                    Add("Tags must be a list of non-empty strings.");
                }

                break;
        }
    }

    private static void ValidateField(JsonObject? value, string partName, ContentPartFieldDefinition field, List<ContentValidationError> errors)
    {
        var settings = field.FieldSettings;
        var label = settings.DisplayName ?? field.Name;
        void Add(string message) => errors.Add(new(partName, field.Name, message));

        var valueProperty = KnownFieldNames.ValuePropertyOf(field.FieldName);
        if (valueProperty is null)
        {
            return;
        }

        var main = value?.GetIgnoreCase(valueProperty);
        if (IsEmpty(main))
        {
            if (settings.Required)
            {
                Add($"{label} is required.");
            }

            return;
        }

        var typeSettings = settings.FieldTypeSection;
        switch (field.FieldName)
        {
            case KnownFieldNames.TextField or KnownFieldNames.HtmlField or KnownFieldNames.MarkdownField:
                if (main!.GetValueKind() != JsonValueKind.String)
                {
                    Add($"{label} must be text.");
                }

                break;

            case KnownFieldNames.BooleanField:
                if (main!.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    Add($"{label} must be true or false.");
                }

                break;

            case KnownFieldNames.NumericField:
                ValidateNumber(main!, typeSettings, label, Add);
                break;

            case KnownFieldNames.DateField or KnownFieldNames.DateTimeField:
                if (JsonObjectExtensions.AsUtcDateTime(main) is null)
                {
                    Add($"{label} must be a valid date.");
                }

                break;

            case KnownFieldNames.LinkField:
                if (!Uri.TryCreate(JsonObjectExtensions.AsString(main), UriKind.Absolute, out var uri)
                    || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    Add($"{label} must be an http or https URL.");
                }

                break;

            case KnownFieldNames.ContentPickerField or KnownFieldNames.MediaField or KnownFieldNames.TagsField:
                if (main is not JsonArray list || list.Any(v => JsonObjectExtensions.AsString(v) is null))
                {
                    Add($"{label} must be a list of strings.");
                }
                else if (list.Count > 1 && typeSettings?.GetBoolean("Multiple") == false)
                {
                    Add($"{label} allows only one value.");
                }

                break;
        }
    }

    private static void ValidateNumber(JsonNode main, JsonObject? typeSettings, string label, Action<string> add)
    {
        if (JsonObjectExtensions.AsDecimal(main) is not { } number)
        {
            add($"{label} must be a number.");
            return;
        }

        if (typeSettings?.GetDecimal("Minimum") is { } min && number < min)
        {
            add($"{label} must be at least {min}.");
        }

        if (typeSettings?.GetDecimal("Maximum") is { } max && number > max)
        {
            add($"{label} must be at most {max}.");
        }

        if (typeSettings?.GetInt32("Scale") is { } scale && number.Scale > scale && decimal.Round(number, scale) != number)
        {
            add($"{label} allows at most {scale} decimal places.");
        }
    }

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => string.IsNullOrWhiteSpace(v.GetValue<string>()),
        _ => false,
    };
}
