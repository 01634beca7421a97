namespace Lianjie.Followers.Import;

/// <summary>
/// One data row as read from the file. <paramref name="RowNumber"/> is the row the user sees in Excel
/// (the header is row 1, the first data row is row 2), so error messages point at the right place.
/// </summary>
public sealed record RawRow(int RowNumber, string[] Cells)
{
    /// <summary>The cell at <paramref name="index"/>, or an empty string when the row is shorter than the header.</summary>
    public string Cell(int index) => index < Cells.Length ? Cells[index] : string.Empty;
}
