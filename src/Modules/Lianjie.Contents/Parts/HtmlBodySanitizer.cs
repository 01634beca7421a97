using Ganss.Xss;
using Lianjie.Contents.Definitions;
using Lianjie.Contents.Items;

namespace Lianjie.Contents.Parts;

/// <summary>
/// Cleans editor HTML so admin-authored content cannot run script in followers' WeChat browsers.
/// Applied on save (what is stored is clean) and again on render (older or imported data is clean too).
/// Keeps ordinary formatting, tables, images and links; drops script/style/iframe elements,
/// on* handlers and javascript:/data: URLs. Thread-safe once constructed; register as a singleton.
/// </summary>
public sealed class HtmlBodySanitizer
{
    private readonly HtmlSanitizer _sanitizer;

    public HtmlBodySanitizer()
    {
        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedSchemes.Add("mailto");
        _sanitizer.AllowedSchemes.Add("tel");
        _sanitizer.AllowedAttributes.Add("class");
        _sanitizer.AllowedAttributes.Add("target");
        // WeChat article HTML lazy-loads images through data-src; data-* cannot execute script.
        _sanitizer.AllowDataAttributes = true;
    }

    public string Sanitize(string? html) =>
        string.IsNullOrEmpty(html) ? string.Empty : _sanitizer.Sanitize(html);

    /// <summary>
    /// Sanitises HtmlBodyPart.Html and, when the type is known, every HtmlField of the item's parts.
    /// Orchard's RawHtml-style "trusted" HTML is deliberately not exempt: Lianjie has no trusted editors.
    /// </summary>
    public void SanitizeItem(ContentItem item, ContentDefinitionSet? definitions = null)
    {
        if (item.HtmlBody is { } body)
        {
            item.HtmlBody = Sanitize(body);
        }

        var type = item.ContentType is { } typeName ? definitions?.GetTypeDefinition(typeName) : null;
        if (type is null || definitions is null)
        {
            return;
        }

        foreach (var typePart in type.Parts)
        {
            foreach (var field in definitions.GetFields(typePart).Where(f => f.FieldName == KnownFieldNames.HtmlField))
            {
                if (item.GetField(typePart.Name, field.Name)?.GetString("Html") is { } html)
                {
                    item.SetFieldProperty(typePart.Name, field.Name, "Html", Sanitize(html));
                }
            }
        }
    }
}
