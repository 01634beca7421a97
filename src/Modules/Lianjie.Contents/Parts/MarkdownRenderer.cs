using Markdig;

namespace Lianjie.Contents.Parts;

/// <summary>
/// Markdown (MarkdownBodyPart, MarkdownField) to safe HTML. Markdown may contain raw HTML and
/// generic attributes, so the output always goes through <see cref="HtmlBodySanitizer"/>.
/// </summary>
public sealed class MarkdownRenderer(HtmlBodySanitizer sanitizer)
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .Build();

    public string Render(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? string.Empty : sanitizer.Sanitize(Markdown.ToHtml(markdown, _pipeline));
}
