using Lianjie.Contents.Parts;

namespace Lianjie.Contents.Tests.Parts;

public class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new(new HtmlBodySanitizer());

    [Fact]
    public void Markdown_is_rendered_to_html()
    {
        var html = _renderer.Render("# 标题\n\n**粗体** and [link](https://example.com)\n\n- one\n- two");

        Assert.Contains("标题</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>粗体</strong>", html, StringComparison.Ordinal);
        Assert.Contains("""<a href="https://example.com">link</a>""", html, StringComparison.Ordinal);
        Assert.Contains("<li>two</li>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_html_and_links_in_markdown_are_sanitised()
    {
        var html = _renderer.Render("hi <script>alert(1)</script>\n\n[x](javascript:alert(2))\n\n<img src=\"https://e.com/a.png\" onerror=\"alert(3)\">\n\ntext{onclick=\"alert(4)\"}");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("https://e.com/a.png", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_markdown_renders_nothing()
    {
        Assert.Equal(string.Empty, _renderer.Render(null));
        Assert.Equal(string.Empty, _renderer.Render("  "));
    }
}
