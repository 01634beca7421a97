namespace Lianjie.Followers.Import;

/// <summary>Splits a tags cell. People type tags with whatever separator their keyboard gives them.</summary>
public static class TagList
{
    // ASCII , ; | plus the full-width ，；、 a Chinese IME produces, and line breaks from Alt+Enter in Excel.
    private static readonly char[] Separators = [',', ';', '|', '，', '；', '、', '\n', '\r'];

    /// <summary>Tag names in first-seen order: trimmed, empty ones dropped, exact duplicates removed.</summary>
    public static IReadOnlyList<string> Split(string? cell)
    {
        if (string.IsNullOrWhiteSpace(cell))
        {
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tags = new List<string>();
        foreach (var part in cell.Split(Separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = part.Trim('\u3000'); // full-width space is not covered by TrimEntries
            if (tag.Length > 0 && seen.Add(tag))
            {
                tags.Add(tag);
            }
        }

        return tags;
    }
}
