using System.Text;

namespace Lianjie.Followers.Export;

/// <summary>
/// Writes rows as RFC 4180 CSV, UTF-8 with a BOM (without it Excel guesses the ANSI code page and
/// Chinese turns into mojibake). Cells are formula-neutralised. Rows stream straight to the output.
/// </summary>
public sealed class FollowerCsvWriter : IDisposable, IAsyncDisposable
{
    private readonly StreamWriter _writer;
    private readonly int _columnCount;

    public FollowerCsvWriter(Stream output, IReadOnlyList<string> headers, bool leaveOpen = false)
    {
        _writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen)
        {
            NewLine = "\r\n",
        };
        _columnCount = headers.Count;
        WriteCells(headers);
    }

    /// <summary>Data rows written so far, header excluded.</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Writes one row; cells past the header count are written too, missing ones are left empty.</summary>
    public void WriteRow(IReadOnlyList<string?> cells)
    {
        WriteCells(cells);
        RowsWritten++;
    }

    public void Dispose() => _writer.Dispose();

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private void WriteCells(IReadOnlyList<string?> cells)
    {
        var count = Math.Max(cells.Count, _columnCount);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                _writer.Write(',');
            }

            WriteField(i < cells.Count ? FormulaInjection.Neutralise(cells[i]) : string.Empty);
        }

        _writer.WriteLine();
    }

    private void WriteField(string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            _writer.Write(value);
            return;
        }

        _writer.Write('"');
        _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        _writer.Write('"');
    }
}
