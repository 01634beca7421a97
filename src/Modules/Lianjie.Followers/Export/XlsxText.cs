using System.Buffers;
using System.Globalization;
using System.Text;

namespace Lianjie.Followers.Export;

/// <summary>
/// The OOXML <c>_xHHHH_</c> escape for spreadsheet text. XML cannot carry most control characters and
/// turns a bare CR into LF when read, so Excel writes such characters as <c>_x000D_</c>; a literal
/// "_x0041_" in the text is protected as "_x005F_x0041_".
/// </summary>
internal static class XlsxText
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static string Escape(string text)
    {
        if (!text.Any(NeedsEscape) && !text.Contains("_x", StringComparison.Ordinal))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (NeedsEscape(c) || (c == '_' && IsEscapeAt(text, i)))
            {
                escaped.Append("_x").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('_');
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    public static string Unescape(string text)
    {
        if (!text.Contains("_x", StringComparison.Ordinal))
        {
            return text;
        }

        var plain = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_' && IsEscapeAt(text, i))
            {
                plain.Append((char)int.Parse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 6;
            }
            else
            {
                plain.Append(text[i]);
            }
        }

        return plain.ToString();
    }

    private static bool NeedsEscape(char c) => (c < 0x20 && c is not ('\t' or '\n')) || c is '\uFFFE' or '\uFFFF';

    private static bool IsEscapeAt(string text, int i) =>
        i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_' && !text.AsSpan(i + 2, 4).ContainsAnyExcept(HexDigits);
}
