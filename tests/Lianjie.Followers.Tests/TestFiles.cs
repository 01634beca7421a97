using System.Text;

namespace Lianjie.Followers.Tests;

/// <summary>Builds import files in memory so no binary fixtures are committed.</summary>
internal static class TestFiles
{
    public static Encoding Gb18030 { get; } = CodePagesEncodingProvider.Instance.GetEncoding(54936)!;

    public static MemoryStream Bytes(string text, Encoding encoding, bool withBom = false)
    {
        var stream = new MemoryStream();
        if (withBom)
        {
            stream.Write(encoding.GetPreamble());
        }

        stream.Write(encoding.GetBytes(text));
        stream.Position = 0;
        return stream;
    }

    public static MemoryStream Utf8(string text, bool withBom = false) => Bytes(text, new UTF8Encoding(false), withBom);
}

/// <summary>A stream that refuses to seek, like an HTTP request body.</summary>
internal sealed class ForwardOnlyStream(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
}
