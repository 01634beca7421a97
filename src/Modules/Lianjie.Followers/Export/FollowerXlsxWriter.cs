using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Lianjie.Followers.Export;

/// <summary>
/// Writes rows to a one-sheet .xlsx with the SAX-style <see cref="OpenXmlWriter"/>, so each row goes
/// out as it is written rather than building the sheet in memory. Every cell is an inline string
/// (no shared string table to hold) and formula-neutralised. Call <see cref="Dispose"/> to finish the file.
/// </summary>
public sealed class FollowerXlsxWriter : IDisposable
{
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly FileStream? _spool;
    private readonly SpreadsheetDocument _document;
    private readonly OpenXmlWriter _sheetWriter;
    private readonly int _columnCount;
    private bool _disposed;

    public FollowerXlsxWriter(Stream output, IReadOnlyList<string> headers, string sheetName = "Followers", bool leaveOpen = false)
    {
        _output = output;
        _leaveOpen = leaveOpen;
        _columnCount = headers.Count;

        // The zip package needs a seekable, readable stream; response bodies are not, so spool to disk.
        Stream target = output;
        if (!output.CanSeek || !output.CanRead)
        {
            _spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
            target = _spool;
        }

        _document = SpreadsheetDocument.Create(target, SpreadsheetDocumentType.Workbook);
        var workbook = _document.AddWorkbookPart();
        var sheet = workbook.AddNewPart<WorksheetPart>();
        workbook.Workbook = new Workbook(new Sheets(new Sheet
        {
            Name = sheetName,
            SheetId = 1,
            Id = workbook.GetIdOfPart(sheet),
        }));

        _sheetWriter = OpenXmlWriter.Create(sheet);
        _sheetWriter.WriteStartElement(new Worksheet());
        _sheetWriter.WriteStartElement(new SheetData());
        WriteCells(headers, 1);
    }

    /// <summary>Data rows written so far, header excluded.</summary>
    public long RowsWritten { get; private set; }

    public void WriteRow(IReadOnlyList<string?> cells)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        WriteCells(cells, (uint)(RowsWritten + 2));
        RowsWritten++;
    }

    private void WriteCells(IReadOnlyList<string?> cells, uint rowNumber)
    {
        _sheetWriter.WriteStartElement(new Row { RowIndex = rowNumber });
        var count = Math.Max(cells.Count, _columnCount);
        for (var i = 0; i < count; i++)
        {
            var text = i < cells.Count ? XlsxText.Escape(FormulaInjection.Neutralise(cells[i])) : string.Empty;
            if (text.Length == 0)
            {
                continue; // absent cells are empty cells; keeps the file small
            }

            _sheetWriter.WriteElement(new Cell
            {
                CellReference = ColumnName(i) + rowNumber,
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
            });
        }

        _sheetWriter.WriteEndElement();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _sheetWriter.WriteEndElement(); // SheetData
        _sheetWriter.WriteEndElement(); // Worksheet
        _sheetWriter.Dispose();
        _document.Dispose();
        if (_spool is not null)
        {
            _spool.Position = 0;
            _spool.CopyTo(_output);
            _spool.Dispose();
        }

        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }

    /// <summary>0 → "A", 27 → "AB".</summary>
    internal static string ColumnName(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }
}
