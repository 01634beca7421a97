using Lianjie.Contents.Definitions;
using Lianjie.Contents.Items;
using Lianjie.Contents.Parts;

namespace Lianjie.Contents.Tests.Parts;

public class HtmlBodySanitizerTests
{
    private readonly HtmlBodySanitizer _sanitizer = new();

    [Fact]
    public void Script_elements_are_removed()
    {
        var html = _sanitizer.Sanitize("<p>hi</p><script>alert(1)</script>");

        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", html, StringComparison.Ordinal);
        Assert.Contains("<p>hi</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Event_handler_attributes_are_removed()
    {
        var html = _sanitizer.Sanitize("""<img src="https://mmbiz.qpic.cn/a.jpg" onerror="alert(1)"><p onclick="x()">t</p>""");

        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("""src="https://mmbiz.qpic.cn/a.jpg""", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Javascript_urls_are_removed()
    {
        var html = _sanitizer.Sanitize("""<a href="javascript:alert(1)">x</a><a href=" JaVaScRiPt:alert(2)">y</a>""");

        Assert.DoesNotContain("javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(">x</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Normal_formatting_images_and_links_are_kept()
    {
        const string Html = """<h2>饮食</h2><p><strong>少</strong>吃<em>糖</em></p><ul><li>a</li></ul>"""
            + """<a href="https://example.com/x" target="_blank" class="btn">link</a>"""
            + """<img src="https://example.com/a.png" alt="图" data-src="https://example.com/b.png"><a href="mailto:a@b.c">m</a>""";

        var html = _sanitizer.Sanitize(Html);

        Assert.Contains("<h2>饮食</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>少</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<em>糖</em>", html, StringComparison.Ordinal);
        Assert.Contains("<li>a</li>", html, StringComparison.Ordinal);
        Assert.Contains("""href="https://example.com/x""", html, StringComparison.Ordinal);
        Assert.Contains("""target="_blank""", html, StringComparison.Ordinal);
        Assert.Contains("""class="btn""", html, StringComparison.Ordinal);
        Assert.Contains("""alt="图""", html, StringComparison.Ordinal);
        Assert.Contains("""data-src="https://example.com/b.png""", html, StringComparison.Ordinal);
        Assert.Contains("mailto:a@b.c", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Sanitize_item_cleans_html_body_and_html_fields_but_not_text_fields()
    {
        var definitions = ContentDefinitionSet.FromJson(RecipeJson.ParseObject("""
            { "ContentTypes": [ { "Name": "Page", "Settings": {}, "ContentTypePartDefinitionRecords": [
                { "PartName": "HtmlBodyPart", "Name": "HtmlBodyPart", "Settings": {} },
                { "PartName": "Page", "Name": "Page", "Settings": {} } ] } ],
              "ContentParts": [ { "Name": "Page", "Settings": {}, "ContentPartFieldDefinitionRecords": [
                { "FieldName": "HtmlField", "Name": "Aside", "Settings": {} },
                { "FieldName": "TextField", "Name": "Note", "Settings": {} } ] } ] }
            """));
        var item = new ContentItem { ContentType = "Page", HtmlBody = "<p>a</p><script>x()</script>" };
        item.SetFieldProperty("Page", "Aside", "Html", "<b onmouseover=\"x()\">b</b>");
        item.SetTextField("Page", "Note", "<script>kept as text</script>");

        _sanitizer.SanitizeItem(item, definitions);

        Assert.Equal("<p>a</p>", item.HtmlBody);
        Assert.Equal("<b>b</b>", item.GetField("Page", "Aside")!.GetString("Html"));
        Assert.Equal("<script>kept as text</script>", item.GetTextField("Page", "Note"));
    }
}
