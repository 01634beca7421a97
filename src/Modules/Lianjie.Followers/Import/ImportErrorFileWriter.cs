using Lianjie.Followers.Export;

namespace Lianjie.Followers.Import;

/// <summary>
/// Writes rejected rows as a CSV the user can download, fix and look at in Excel: row, column and
/// reason, then the row's original cells under the original header. One line per error.
/// UTF-8 with BOM and formula-neutralised, via <see cref="FollowerCsvWriter"/>.
/// </summary>
public sealed class ImportErrorFileWriter : IDisposable, IAsyncDisposable
{
    public static readonly IReadOnlyList<string> LeadingColumns = ["row", "column", "reason"];

    private readonly FollowerCsvWriter _csv;

    public ImportErrorFileWriter(Stream output, IReadOnlyList<string> sourceHeader, bool leaveOpen = false)
    {
        _csv = new FollowerCsvWriter(output, [.. LeadingColumns, .. sourceHeader], leaveOpen);
    }

    public long ErrorsWritten => _csv.RowsWritten;

    public void Write(ImportRowError error, IReadOnlyList<string> originalCells)
    {
        string[] line = [error.RowNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Column, error.Reason, .. originalCells];
        _csv.WriteRow(line);
    }

    /// <summary>Writes every error of <paramref name="row"/>.</summary>
    public void Write(RawRow row, IEnumerable<ImportRowError> errors)
    {
        foreach (var error in errors)
        {
            Write(error, row.Cells);
        }
    }

    public void Dispose() => _csv.Dispose();

    public ValueTask DisposeAsync() => _csv.DisposeAsync();
}
