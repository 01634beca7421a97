namespace Lianjie.Followers.Import;

/// <summary>
/// Turns a <see cref="RawRow"/> into a <see cref="FollowerImportRow"/> or the list of everything wrong
/// with it, so the user can fix all problems in one pass instead of one per upload.
/// </summary>
public sealed class FollowerRowValidator(FollowerColumnMap map, TimeSpan? localOffset = null)
{
    /// <summary>WeChat IDs are 28 characters today; 64 leaves room without accepting arbitrary text.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Official Accounts are Chinese, so times written without an offset are China time by default.</summary>
    public static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    private readonly TimeSpan _localOffset = localOffset ?? ChinaStandardTime;

    public FollowerRowResult Validate(RawRow row)
    {
        var errors = new List<ImportRowError>();

        var openId = Id(row, FollowerField.OpenId, errors);
        var unionId = Id(row, FollowerField.UnionId, errors);
        if (openId is null && unionId is null && errors.Count == 0)
        {
            var column = map.ColumnFor(FollowerField.OpenId)?.Header ?? map.ColumnFor(FollowerField.UnionId)!.Header;
            errors.Add(new ImportRowError(row.RowNumber, column, "openid or unionid is required"));
        }

        var subscribed = Parsed<bool>(row, FollowerField.Subscribed, errors, (string text, out bool value) =>
            FollowerValueParser.TryParseBoolean(text, out value), "is not a yes/no value (use true/false, 1/0, 是/否)");
        var subscribeTime = Parsed<DateTimeOffset>(row, FollowerField.SubscribeTime, errors, (string text, out DateTimeOffset value) =>
            FollowerValueParser.TryParseDate(text, _localOffset, out value), "is not a date (use e.g. 2024-03-01 or 2024/3/1 14:30)");

        if (errors.Count > 0)
        {
            return FollowerRowResult.Invalid(errors);
        }

        var profile = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in map.ProfileColumns)
        {
            var value = row.Cell(column.Index).Trim();
            if (value.Length > 0)
            {
                profile[column.ProfileName!] = value;
            }
        }

        return FollowerRowResult.Valid(new FollowerImportRow(
            row.RowNumber,
            openId,
            unionId,
            Text(row, FollowerField.Nickname),
            Text(row, FollowerField.Remark),
            TagList.Split(Text(row, FollowerField.Tags)),
            subscribed,
            subscribeTime,
            profile));
    }

    private delegate bool TryParse<T>(string text, out T value);

    private string? Text(RawRow row, FollowerField field)
    {
        if (map.ColumnFor(field) is not { } column)
        {
            return null;
        }

        var value = row.Cell(column.Index).Trim();
        return value.Length == 0 ? null : value;
    }

    private string? Id(RawRow row, FollowerField field, List<ImportRowError> errors)
    {
        var value = Text(row, field);
        if (value is null)
        {
            return null;
        }

        var column = map.ColumnFor(field)!.Header;
        if (value.Length > MaxIdLength)
        {
            errors.Add(new ImportRowError(row.RowNumber, column, $"'{Shorten(value)}' is longer than {MaxIdLength} characters"));
            return null;
        }

        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add(new ImportRowError(row.RowNumber, column, $"'{value}' contains spaces"));
            return null;
        }

        return value;
    }

    private T? Parsed<T>(RawRow row, FollowerField field, List<ImportRowError> errors, TryParse<T> parse, string problem)
        where T : struct
    {
        var text = Text(row, field);
        if (text is null)
        {
            return null;
        }

        if (parse(text, out var value))
        {
            return value;
        }

        errors.Add(new ImportRowError(row.RowNumber, map.ColumnFor(field)!.Header, $"'{Shorten(text)}' {problem}"));
        return null;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
