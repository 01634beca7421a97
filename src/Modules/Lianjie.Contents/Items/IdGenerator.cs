using System.Security.Cryptography;

namespace Lianjie.Contents.Items;

/// <summary>
/// 26-character lowercase ids shaped like Orchard's (ContentItemId, ContentItemVersionId) but
/// ULID-ordered: 10 chars of millisecond timestamp then 16 chars of randomness, Crockford base32.
/// Ids sort by creation time as plain strings, which keeps index pages and "newest first" cheap.
/// Within one millisecond the random part is incremented, so ids from one generator never go backwards.
/// </summary>
public sealed class IdGenerator(TimeProvider? timeProvider = null)
{
    public const int Length = 26;
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const int TimeChars = 10;
    private const int RandomBytes = 10;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly byte[] _lastRandom = new byte[RandomBytes];
    private long _lastMilliseconds = -1;

    public static IdGenerator Shared { get; } = new();

    public string GenerateId()
    {
        var milliseconds = _time.GetUtcNow().ToUnixTimeMilliseconds();
        Span<byte> random = stackalloc byte[RandomBytes];
        lock (_lock)
        {
            if (milliseconds <= _lastMilliseconds)
            {
                // Same (or a backwards-stepping) clock tick: keep the last time and bump the random part.
                milliseconds = _lastMilliseconds;
                Increment(_lastRandom);
            }
            else
            {
                RandomNumberGenerator.Fill(_lastRandom);
                _lastMilliseconds = milliseconds;
            }

            _lastRandom.CopyTo(random);
        }

        return Encode(milliseconds, random);
    }

    /// <summary>The creation time encoded in an id from this generator, or null if it is not one.</summary>
    public static DateTimeOffset? GetTimestamp(string id)
    {
        if (!IsValid(id))
        {
            return null;
        }

        long milliseconds = 0;
        for (var i = 0; i < TimeChars; i++)
        {
            milliseconds = (milliseconds << 5) | (uint)Alphabet.IndexOf(id[i], StringComparison.Ordinal);
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }

    public static bool IsValid(string? id) =>
        id is { Length: Length } && id.All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    private static string Encode(long milliseconds, ReadOnlySpan<byte> random)
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = TimeChars - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(milliseconds & 31)];
            milliseconds >>= 5;
        }

        // 80 random bits → 16 chars of 5 bits, most significant first.
        var bitBuffer = 0;
        var bitCount = 0;
        var position = TimeChars;
        foreach (var b in random)
        {
            bitBuffer = (bitBuffer << 8) | b;
            bitCount += 8;
            while (bitCount >= 5)
            {
                bitCount -= 5;
                chars[position++] = Alphabet[(bitBuffer >> bitCount) & 31];
            }
        }

        return new string(chars);
    }

    private static void Increment(byte[] value)
    {
        for (var i = value.Length - 1; i >= 0; i--)
        {
            if (++value[i] != 0)
            {
                return;
            }
        }
    }
}
