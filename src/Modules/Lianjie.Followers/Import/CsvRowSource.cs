using System.Text;

namespace Lianjie.Followers.Import;

/// <summary>Streams CSV rows: sniffs the encoding on a 64 KB prefix, then decodes the rest as it is read.</summary>
internal sealed class CsvRowSource : IRowSource
{
    private readonly ByteCountingStream _counted;
    private readonly StreamReader _text;
    private readonly CsvRecordReader _records;

    private CsvRowSource(ByteCountingStream counted, StreamReader text, Encoding encoding, long? totalBytes)
    {
        _counted = counted;
        _text = text;
        _records = new CsvRecordReader(text);
        Encoding = encoding;
        TotalBytes = totalBytes;
    }

    public Encoding? Encoding { get; }

    public long BytesRead => _counted.BytesRead;

    public long? TotalBytes { get; }

    public static CsvRowSource Open(Stream stream, bool leaveOpen)
    {
        long? total = stream.CanSeek ? stream.Length - stream.Position : null;
        var counted = new ByteCountingStream(stream, leaveOpen);
        var prefix = new byte[CsvEncodingDetector.PrefixLength];
        var filled = 0;
        var reachedEnd = false;
        while (filled < prefix.Length)
        {
            var read = counted.Read(prefix, filled, prefix.Length - filled);
            if (read == 0)
            {
                reachedEnd = true;
                break;
            }

            filled += read;
        }

        CsvEncoding detected;
        try
        {
            detected = CsvEncodingDetector.Detect(prefix.AsSpan(0, filled), reachedEnd);
        }
        catch
        {
            counted.Dispose();
            throw;
        }

        var replay = new PrefixReplayStream(prefix, detected.PreambleLength, filled, counted, leaveOpen: false);
        var text = new StreamReader(replay, detected.Encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024);
        return new CsvRowSource(counted, text, detected.Encoding, total);
    }

    public IEnumerable<RawRow> Rows()
    {
        while (ReadRecord() is { } cells)
        {
            if (!IsBlank(cells))
            {
                yield return new RawRow(_records.RecordNumber, cells);
            }
        }
    }

    public void Dispose() => _text.Dispose();

    private string[]? ReadRecord()
    {
        try
        {
            return _records.ReadRecord();
        }
        catch (DecoderFallbackException ex)
        {
            // Only reachable when the 64 KB prefix looked fine but later bytes do not.
            throw new FollowerImportException(
                $"around row {_records.RecordNumber + 1}: the file is not valid {Encoding!.WebName}; save it as CSV UTF-8", ex);
        }
    }

    private static bool IsBlank(string[] cells) => cells.All(string.IsNullOrWhiteSpace);
}
