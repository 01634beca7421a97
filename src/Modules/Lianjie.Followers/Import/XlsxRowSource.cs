using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Lianjie.Followers.Export;

namespace Lianjie.Followers.Import;

/// <summary>
/// Streams rows of the first worksheet with the SAX-style <see cref="OpenXmlReader"/>; only one row is
/// materialised at a time, so a million-row sheet reads in flat memory. The shared strings table is
/// the one thing held whole, because cells refer to it by index.
/// </summary>
internal sealed class XlsxRowSource : IRowSource
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly SpreadsheetDocument _document;
    private readonly WorksheetPart _sheet;
    private readonly List<string> _sharedStrings;
    private readonly XlsxDateStyles _dateStyles;

    private XlsxRowSource(Stream stream, bool ownsStream, SpreadsheetDocument document, WorksheetPart sheet, List<string> sharedStrings, XlsxDateStyles dateStyles)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _document = document;
        _sheet = sheet;
        _sharedStrings = sharedStrings;
        _dateStyles = dateStyles;
        TotalBytes = stream.Length;
    }

    public Encoding? Encoding => null;

    // The zip is read front to back while the sheet streams, so the position is a fair progress measure.
    public long BytesRead => _stream.Position;

    public long? TotalBytes { get; }

    public static XlsxRowSource Open(Stream stream, bool leaveOpen)
    {
        var ownsStream = !leaveOpen;
        if (!stream.CanSeek)
        {
            // Zip needs random access (the directory is at the end); spool uploads to a temp file.
            var spooled = SpoolToTempFile(stream);
            if (!leaveOpen)
            {
                stream.Dispose();
            }

            stream = spooled;
            ownsStream = true;
        }

        SpreadsheetDocument? document = null;
        try
        {
            document = SpreadsheetDocument.Open(stream, isEditable: false);
            var workbook = document.WorkbookPart ?? throw new FollowerImportException("the .xlsx file has no workbook");
            var firstSheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault()
                ?? throw new FollowerImportException("the .xlsx file has no worksheet");
            var sheet = firstSheet.Id?.Value is { } id && workbook.GetPartById(id) is WorksheetPart part
                ? part
                : throw new FollowerImportException("the first sheet of the .xlsx file is not a worksheet");
            var sharedStrings = ReadSharedStrings(workbook.SharedStringTablePart);
            var dateStyles = XlsxDateStyles.From(workbook.WorkbookStylesPart?.Stylesheet);
            return new XlsxRowSource(stream, ownsStream, document, sheet, sharedStrings, dateStyles);
        }
        catch (Exception ex) when (ex is not FollowerImportException)
        {
            document?.Dispose();
            if (ownsStream)
            {
                stream.Dispose();
            }

            throw new FollowerImportException("the file is not a valid .xlsx workbook; save it again from Excel as .xlsx or CSV UTF-8", ex);
        }
    }

    public IEnumerable<RawRow> Rows()
    {
        using var reader = OpenXmlReader.Create(_sheet);
        var lastRowNumber = 0;
        var positioned = reader.Read();
        while (positioned && !reader.EOF)
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                positioned = reader.Read();
                continue;
            }

            // One <row> at a time: LoadCurrentElement builds just this row and moves past it.
            var row = (Row)reader.LoadCurrentElement()!;
            var rowNumber = row.RowIndex?.Value is { } index ? (int)index : lastRowNumber + 1;
            lastRowNumber = rowNumber;
            var cells = CellsOf(row);
            if (cells.Any(c => !string.IsNullOrWhiteSpace(c)))
            {
                yield return new RawRow(rowNumber, cells);
            }
        }
    }

    public void Dispose()
    {
        _document.Dispose();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    private string[] CellsOf(Row row)
    {
        var values = new List<string>();
        foreach (var cell in row.Elements<Cell>())
        {
            var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : -1;
            if (column < 0)
            {
                column = values.Count;
            }

            while (values.Count < column)
            {
                values.Add(string.Empty); // sparse rows leave out empty cells
            }

            var text = TextOf(cell);
            if (column < values.Count)
            {
                values[column] = text;
            }
            else
            {
                values.Add(text);
            }
        }

        return [.. values];
    }

    private string TextOf(Cell cell)
    {
        var value = cell.CellValue?.Text ?? string.Empty;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < _sharedStrings.Count
                ? _sharedStrings[i]
                : value;
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? TextOf(inline) : value;
        }

        if (type == CellValues.Boolean)
        {
            return value == "1" ? "true" : "false";
        }

        if (type is null || type == CellValues.Number)
        {
            var parts = _dateStyles[cell.StyleIndex?.Value ?? 0];
            return parts == DateParts.None ? value : FormatSerialDate(value, parts);
        }

        return value; // formula strings, errors and ISO "d" cells are already text
    }

    /// <summary>Turns a date-styled serial into ISO 8601 text; anything odd stays raw for the validator to judge.</summary>
    internal static string FormatSerialDate(string value, DateParts parts)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial)
            || !ExcelSerialDate.TryConvert(serial, out var date))
        {
            return value;
        }

        return parts switch
        {
            DateParts.Date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateParts.Time => date.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            _ => date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        };
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart? part)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        var positioned = reader.Read();
        while (positioned && !reader.EOF)
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                strings.Add(TextOf(reader.LoadCurrentElement()!)); // also moves to the next element
            }
            else
            {
                positioned = reader.Read();
            }
        }

        return strings;
    }

    // A string item is plain <t> or rich-text runs <r><t>; phonetic guides (<rPh>) are not part of the value.
    private static string TextOf(OpenXmlElement item)
    {
        var text = new StringBuilder();
        foreach (var child in item.ChildElements)
        {
            if (child is Text t)
            {
                text.Append(t.Text);
            }
            else if (child is Run run && run.Text is { } runText)
            {
                text.Append(runText.Text);
            }
        }

        return XlsxText.Unescape(text.ToString());
    }

    /// <summary>"A1" → 0, "AB12" → 27.</summary>
    internal static int ColumnIndex(string cellReference)
    {
        var index = 0;
        foreach (var c in cellReference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                index = (index * 26) + (c - 'A' + 1);
            }
            else if (c is >= 'a' and <= 'z')
            {
                index = (index * 26) + (c - 'a' + 1);
            }
            else
            {
                break;
            }
        }

        return index - 1;
    }

    private static FileStream SpoolToTempFile(Stream source)
    {
        var temp = new FileStream(
            Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        source.CopyTo(temp);
        temp.Position = 0;
        return temp;
    }
}
