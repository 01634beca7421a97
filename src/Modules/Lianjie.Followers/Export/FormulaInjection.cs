namespace Lianjie.Followers.Export;

/// <summary>
/// Follower data (nicknames, remarks) is typed by strangers. A cell such as <c>=HYPERLINK(...)</c> would
/// run as a formula when an operator opens the export in Excel, so such cells are made plain text.
/// </summary>
public static class FormulaInjection
{
    /// <summary>Prefixes a single quote when the cell starts with = + - @ tab or carriage return.</summary>
    public static string Neutralise(string? cell)
    {
        if (string.IsNullOrEmpty(cell))
        {
            return string.Empty;
        }

        return cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell;
    }
}
