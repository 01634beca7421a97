using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Lianjie.Followers.Import;

/// <summary>The encoding of a CSV file and how many BOM bytes to skip before the text starts.</summary>
public sealed record CsvEncoding(Encoding Encoding, int PreambleLength);

/// <summary>
/// Works out a CSV file's encoding from a bounded prefix. Excel in China saves "CSV" as GBK unless the
/// user picks "CSV UTF-8", so both must be accepted without asking the user which one they have.
/// </summary>
public static class CsvEncodingDetector
{
    /// <summary>How many bytes are inspected; the rest of the file is streamed, never loaded.</summary>
    public const int PrefixLength = 64 * 1024;

    private const int Gb18030CodePage = 54936;

    private const string NotUtf8OrGbk = "file is not UTF-8 or GBK; save it as CSV UTF-8";

    /// <summary>
    /// Decides the encoding. <paramref name="isWholeFile"/> says the prefix is the entire file, so a
    /// multi-byte sequence cut at the end is an error rather than "continues in the next block".
    /// </summary>
    public static CsvEncoding Detect(ReadOnlySpan<byte> prefix, bool isWholeFile)
    {
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new CsvEncoding(StrictUtf8(), 3);
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new CsvEncoding(new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new CsvEncoding(new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }

        if (IsPlausibleUtf8(prefix, isWholeFile))
        {
            return new CsvEncoding(StrictUtf8(), 0);
        }

        var gb18030 = Gb18030();
        if (IsPlausible(gb18030, prefix, isWholeFile))
        {
            return new CsvEncoding(gb18030, 0);
        }

        throw new FollowerImportException(NotUtf8OrGbk);
    }

    /// <summary>GB18030 is a superset of GBK and GB2312, so one decoder covers all three.</summary>
    internal static Encoding Gb18030() =>
        CodePagesEncodingProvider.Instance.GetEncoding(Gb18030CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
        ?? throw new InvalidOperationException("GB18030 code page is not available.");

    // Throwing decoders: a file that is ASCII for 64 KB and then turns out to be GBK must fail loudly
    // instead of silently importing U+FFFD into nicknames.
    private static UTF8Encoding StrictUtf8() => new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool IsPlausibleUtf8(ReadOnlySpan<byte> prefix, bool isWholeFile)
    {
        var chars = ArrayPool<char>.Shared.Rent(prefix.Length + 1);
        try
        {
            var status = Utf8.ToUtf16(prefix, chars, out _, out var written, replaceInvalidSequences: false, isFinalBlock: isWholeFile);
            return (status is OperationStatus.Done or OperationStatus.NeedMoreData) && !HasControlCharacters(chars.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static bool IsPlausible(Encoding encoding, ReadOnlySpan<byte> prefix, bool isWholeFile)
    {
        var decoder = encoding.GetDecoder();
        var chars = ArrayPool<char>.Shared.Rent(prefix.Length + 1);
        try
        {
            var written = decoder.GetChars(prefix, chars, flush: isWholeFile);
            return !HasControlCharacters(chars.AsSpan(0, written));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    // Text files do not contain NUL or other C0 controls; random bytes and BOM-less UTF-16 do.
    private static bool HasControlCharacters(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c < 0x20 && c is not ('\t' or '\r' or '\n' or '\f'))
            {
                return true;
            }
        }

        return false;
    }
}
