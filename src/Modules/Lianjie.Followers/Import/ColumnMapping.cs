namespace Lianjie.Followers.Import;

/// <summary>
/// One explicit <c>col=field</c> override, as given on the command line (<c>--map 手机=phone</c>) or in the
/// upload form. The field is a known name or alias (openid, 昵称, tags…), <c>-</c> to skip the column, or
/// any other name to store the column as that profile field.
/// </summary>
public sealed record ColumnMapping(string Column, string Field)
{
    /// <summary>Parses <c>col=field</c>. The last '=' splits, so a header may itself contain '='.</summary>
    public static ColumnMapping Parse(string text)
    {
        var split = text.LastIndexOf('=');
        var column = split > 0 ? text[..split].Trim() : string.Empty;
        var field = split > 0 ? text[(split + 1)..].Trim() : string.Empty;
        if (column.Length == 0 || field.Length == 0)
        {
            throw new FollowerImportException($"column map '{text}' must look like column=field, e.g. 手机=phone");
        }

        return new ColumnMapping(column, field);
    }
}
