using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Lianjie.Core.Templates;

public static class PageEncoding
{
    /// <summary>Encodes markup characters but leaves Chinese text readable (and smaller) in pages.</summary>
    public static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
}
