using System.Globalization;

namespace Lianjie.Followers.Import;

/// <summary>Parses the typed cells (dates, yes/no) in the forms Chinese and English spreadsheets produce.</summary>
public static class FollowerValueParser
{
    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK",
    ];

    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-M-d",
        "yyyy-M-d H:mm",
        "yyyy-M-d H:mm:ss",
        "yyyy/M/d",
        "yyyy/M/d H:mm",
        "yyyy/M/d H:mm:ss",
        "yyyy年M月d日",
        "yyyy年M月d日 H:mm",
        "yyyy年M月d日 H:mm:ss",
        "yyyy年M月d日H时m分",
        "yyyy年M月d日H时m分s秒",
        "yyyyMMdd",
    ];

    private static readonly Dictionary<string, bool> Booleans = new(StringComparer.OrdinalIgnoreCase)
    {
        ["true"] = true,
        ["false"] = false,
        ["1"] = true,
        ["0"] = false,
        ["yes"] = true,
        ["no"] = false,
        ["y"] = true,
        ["n"] = false,
        ["是"] = true,
        ["否"] = false,
        ["已关注"] = true,
        ["未关注"] = false,
        ["取消关注"] = false,
        ["subscribed"] = true,
        ["unsubscribed"] = false,
    };

    /// <summary>
    /// Accepts ISO 8601, yyyy/M/d, yyyy-M-d H:mm, yyyy年M月d日, Excel serial numbers and Unix seconds
    /// (what the WeChat API returns for subscribe_time). Times without an offset are taken to be in
    /// <paramref name="localOffset"/> (the account's time zone; China is +08:00).
    /// </summary>
    public static bool TryParseDate(string text, TimeSpan localOffset, out DateTimeOffset value)
    {
        var s = text.Trim();
        var culture = CultureInfo.InvariantCulture;
        if (DateTimeOffset.TryParseExact(s, OffsetFormats, culture, DateTimeStyles.None, out value) && HasExplicitOffset(s))
        {
            return true;
        }

        if (DateTime.TryParseExact(s, LocalFormats, culture, DateTimeStyles.None, out var local))
        {
            value = new DateTimeOffset(local, localOffset);
            return true;
        }

        if (double.TryParse(s, NumberStyles.Float, culture, out var number))
        {
            // 10-digit integers are Unix timestamps; Excel serials for real dates are far smaller.
            if (number >= 1_000_000_000 && number < 10_000_000_000 && number == Math.Floor(number))
            {
                value = DateTimeOffset.FromUnixTimeSeconds((long)number);
                return true;
            }

            if (number >= 1 && ExcelSerialDate.TryConvert(number, out var serialDate))
            {
                value = new DateTimeOffset(serialDate, localOffset);
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Accepts true/false, 1/0, yes/no, y/n, 是/否, 已关注/未关注 (case-insensitive).</summary>
    public static bool TryParseBoolean(string text, out bool value) => Booleans.TryGetValue(text.Trim(), out value);

    // "K" also matches an empty offset; only trust the parse when the text really carried one.
    private static bool HasExplicitOffset(string s) =>
        s.EndsWith('Z') || s.EndsWith('z') || (s.Length > 6 && s[^6] is ('+' or '-') && s[^3] == ':');
}
