using System.Text;

namespace Lianjie.Followers.Import;

/// <summary>
/// Reads an uploaded follower file (CSV or .xlsx) row by row. The header is read on open, so an
/// unreadable file fails before any work is done; data rows then stream through <see cref="ReadRows"/>.
/// </summary>
public sealed class FollowerFileReader : IDisposable
{
    /// <summary>Progress is reported every this many rows (and once at the end).</summary>
    public const int ProgressInterval = 1000;

    private readonly IRowSource _source;
    private readonly IEnumerator<RawRow> _rows;
    private readonly IProgress<ImportProgress>? _progress;
    private bool _started;

    private FollowerFileReader(FollowerFileFormat format, IRowSource source, IProgress<ImportProgress>? progress)
    {
        Format = format;
        _source = source;
        _progress = progress;
        _rows = source.Rows().GetEnumerator();
        try
        {
            if (!_rows.MoveNext())
            {
                throw new FollowerImportException("the file is empty: there is no header row");
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        HeaderRowNumber = _rows.Current.RowNumber;
        Header = [.. _rows.Current.Cells.Select(c => c.Trim())];
    }

    public FollowerFileFormat Format { get; }

    /// <summary>The detected text encoding of a CSV file; null for .xlsx.</summary>
    public Encoding? Encoding => _source.Encoding;

    /// <summary>Header cells, trimmed.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Usually 1; larger when the file starts with blank lines.</summary>
    public int HeaderRowNumber { get; }

    /// <summary>Opens a file, choosing the format from its first bytes (falling back to the extension).</summary>
    public static FollowerFileReader Open(string path, IProgress<ImportProgress>? progress = null)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
        return Open(stream, format: null, progress, leaveOpen: false);
    }

    /// <summary>
    /// Opens a stream. With <paramref name="format"/> null the format is sniffed: a zip signature means
    /// .xlsx, anything else is treated as CSV. Non-seekable .xlsx streams are spooled to a temp file.
    /// </summary>
    public static FollowerFileReader Open(Stream stream, FollowerFileFormat? format = null, IProgress<ImportProgress>? progress = null, bool leaveOpen = false)
    {
        try
        {
            var (resolved, readable) = format is { } known ? (known, stream) : Sniff(stream, leaveOpen);
            IRowSource source = resolved == FollowerFileFormat.Xlsx
                ? XlsxRowSource.Open(readable, leaveOpen)
                : CsvRowSource.Open(readable, leaveOpen);
            return new FollowerFileReader(resolved, source, progress);
        }
        catch when (!leaveOpen)
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The data rows (header excluded), in file order; blank rows are skipped. Enumerate once.</summary>
    public IEnumerable<RawRow> ReadRows()
    {
        if (_started)
        {
            throw new InvalidOperationException("ReadRows can only be enumerated once.");
        }

        _started = true;
        return Enumerate();
    }

    public void Dispose()
    {
        _rows.Dispose();
        _source.Dispose();
    }

    private IEnumerable<RawRow> Enumerate()
    {
        long count = 0;
        while (_rows.MoveNext())
        {
            count++;
            yield return _rows.Current;
            if (count % ProgressInterval == 0)
            {
                Report(count);
            }
        }

        Report(count);
    }

    private void Report(long rows) => _progress?.Report(new ImportProgress(rows, _source.BytesRead, _source.TotalBytes));

    private static (FollowerFileFormat Format, Stream Stream) Sniff(Stream stream, bool leaveOpen)
    {
        Span<byte> magic = stackalloc byte[8];
        var read = 0;
        while (read < magic.Length && stream.Read(magic[read..]) is var n and > 0)
        {
            read += n;
        }

        magic = magic[..read];
        if (magic.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            throw new FollowerImportException("old .xls workbooks are not supported; save it as .xlsx or CSV UTF-8");
        }

        var format = magic.StartsWith("PK\u0003\u0004"u8) ? FollowerFileFormat.Xlsx : FollowerFileFormat.Csv;
        if (stream.CanSeek)
        {
            stream.Seek(-read, SeekOrigin.Current);
            return (format, stream);
        }

        return (format, new PrefixReplayStream(magic.ToArray(), 0, read, stream, leaveOpen));
    }
}
