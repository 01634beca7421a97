using DocumentFormat.OpenXml.Spreadsheet;

namespace Lianjie.Followers.Import;

/// <summary>What a number format shows, as far as the importer cares: a date, a time, both, or just a number.</summary>
[Flags]
internal enum DateParts
{
    None = 0,
    Date = 1,
    Time = 2,
}

/// <summary>
/// Excel stores dates as serial numbers and only the cell style says "this is a date". This maps
/// each style index to the date parts its number format shows, so serials can be turned back into dates.
/// </summary>
internal sealed class XlsxDateStyles
{
    // Built-in ids, including the CJK ones (27-36, 50-58) that Chinese Excel uses for 年/月/日 formats.
    private static readonly HashSet<uint> BuiltInDates = [14, 15, 16, 17, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58];
    private static readonly HashSet<uint> BuiltInTimes = [18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56];
    private const uint BuiltInDateTime = 22;

    private readonly DateParts[] _byStyle;

    private XlsxDateStyles(DateParts[] byStyle) => _byStyle = byStyle;

    public static XlsxDateStyles From(Stylesheet? stylesheet)
    {
        if (stylesheet?.CellFormats is null)
        {
            return new XlsxDateStyles([]);
        }

        var custom = new Dictionary<uint, string>();
        foreach (var format in stylesheet.NumberingFormats?.Elements<NumberingFormat>() ?? [])
        {
            if (format.NumberFormatId?.Value is { } id && format.FormatCode?.Value is { } code)
            {
                custom[id] = code;
            }
        }

        var styles = stylesheet.CellFormats.Elements<CellFormat>()
            .Select(f => PartsOf(f.NumberFormatId?.Value ?? 0, custom))
            .ToArray();
        return new XlsxDateStyles(styles);
    }

    public DateParts this[uint styleIndex] => styleIndex < _byStyle.Length ? _byStyle[styleIndex] : DateParts.None;

    private static DateParts PartsOf(uint formatId, Dictionary<uint, string> custom)
    {
        if (custom.TryGetValue(formatId, out var code))
        {
            return PartsOf(code);
        }

        if (formatId == BuiltInDateTime)
        {
            return DateParts.Date | DateParts.Time;
        }

        return BuiltInDates.Contains(formatId) ? DateParts.Date
            : BuiltInTimes.Contains(formatId) ? DateParts.Time
            : DateParts.None;
    }

    /// <summary>Reads a custom format code, ignoring quoted literals, [colour]/[locale] blocks and escaped characters.</summary>
    internal static DateParts PartsOf(string formatCode)
    {
        bool hasY = false, hasD = false, hasM = false, hasH = false, hasS = false;
        var inQuotes = false;
        var inBrackets = false;
        for (var i = 0; i < formatCode.Length; i++)
        {
            var c = char.ToLowerInvariant(formatCode[i]);
            if (inQuotes)
            {
                inQuotes = c != '"';
                continue;
            }

            if (inBrackets)
            {
                inBrackets = c != ']';
                continue;
            }

            switch (c)
            {
                case ';':
                    i = formatCode.Length; // only the first (positive number) section matters
                    break;
                case '"':
                    inQuotes = true;
                    break;
                case '[':
                    inBrackets = true;
                    break;
                case '\\' or '_' or '*':
                    i++; // next character is a literal or padding
                    break;
                case 'y':
                    hasY = true;
                    break;
                case 'd':
                    hasD = true;
                    break;
                case 'm':
                    hasM = true;
                    break;
                case 'h':
                    hasH = true;
                    break;
                case 's':
                    hasS = true;
                    break;
                default:
                    break;
            }
        }

        var parts = DateParts.None;
        if (hasY || hasD || (hasM && !hasH && !hasS))
        {
            parts |= DateParts.Date;
        }

        if (hasH || hasS)
        {
            parts |= DateParts.Time;
        }

        return parts;
    }
}
