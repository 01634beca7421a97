using System.Text;

namespace Lianjie.Followers.Import;

/// <summary>
/// RFC 4180 record reader over a <see cref="TextReader"/>: comma separated, "" escapes a quote inside a
/// quoted field, quoted fields may span lines, and CRLF, LF or a lone CR ends a record. It is lenient
/// where Excel is (a stray quote inside an unquoted field is kept as text).
/// </summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    /// <summary>Guards memory against a file with an unclosed quote that would otherwise swallow the rest of it.</summary>
    public const int MaxFieldLength = 1_000_000;

    private readonly char[] _buffer = new char[16 * 1024];
    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];
    private int _length;
    private int _position;

    /// <summary>The 1-based number of the record last returned; this is the row number Excel shows.</summary>
    public int RecordNumber { get; private set; }

    /// <summary>The next record, or null at the end of the input. A blank line comes back as one empty field.</summary>
    public string[]? ReadRecord()
    {
        if (Peek() < 0)
        {
            return null;
        }

        RecordNumber++;
        _fields.Clear();
        _field.Clear();
        var inQuotes = false;
        var fieldWasQuoted = false;

        while (true)
        {
            var next = Read();
            if (next < 0)
            {
                if (inQuotes)
                {
                    throw new FollowerImportException($"row {RecordNumber}: a quoted cell is never closed (missing \")");
                }

                return EndRecord();
            }

            var c = (char)next;
            if (inQuotes)
            {
                if (c != '"')
                {
                    Append(c);
                }
                else if (Peek() == '"')
                {
                    _position++;
                    Append('"');
                }
                else
                {
                    inQuotes = false;
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    EndField();
                    fieldWasQuoted = false;
                    break;
                case '\r':
                    if (Peek() == '\n')
                    {
                        _position++;
                    }

                    return EndRecord();
                case '\n':
                    return EndRecord();
                case '"' when _field.Length == 0 && !fieldWasQuoted:
                    inQuotes = true;
                    fieldWasQuoted = true;
                    break;
                default:
                    Append(c);
                    break;
            }
        }
    }

    private string[] EndRecord()
    {
        EndField();
        return [.. _fields];
    }

    private void EndField()
    {
        _fields.Add(_field.ToString());
        _field.Clear();
    }

    private void Append(char c)
    {
        if (_field.Length >= MaxFieldLength)
        {
            throw new FollowerImportException($"row {RecordNumber}: a cell is longer than {MaxFieldLength:N0} characters (is a quote missing?)");
        }

        _field.Append(c);
    }

    private int Read()
    {
        var c = Peek();
        if (c >= 0)
        {
            _position++;
        }

        return c;
    }

    private int Peek()
    {
        if (_position == _length)
        {
            _length = reader.Read(_buffer, 0, _buffer.Length);
            _position = 0;
            if (_length == 0)
            {
                return -1;
            }
        }

        return _buffer[_position];
    }
}
