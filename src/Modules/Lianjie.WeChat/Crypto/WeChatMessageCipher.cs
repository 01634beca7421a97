using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Lianjie.WeChat.Crypto;

/// <summary>
/// WeChat "safe mode" message encryption: AES-256-CBC, key = Base64(EncodingAESKey + "="),
/// IV = first 16 key bytes, plaintext = random(16) || msgLen(4, big-endian) || msg || appId,
/// padded PKCS#7-style to a 32-byte block (pad values 1..32, not the 16-byte AES standard).
/// </summary>
public sealed class WeChatMessageCipher
{
    public const int EncodingAesKeyLength = 43;
    private const int RandomPrefixLength = 16;
    private const int LengthFieldSize = 4;
    private const int HeaderLength = RandomPrefixLength + LengthFieldSize;
    private const int PaddingBlockSize = 32;
    private const int AesBlockSize = 16;

    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly Action<Span<byte>> _fillRandom;

    /// <param name="encodingAesKey">The 43-character EncodingAESKey from the WeChat admin console.</param>
    /// <param name="fillRandom">Source of the 16-byte random prefix; tests inject a fixed one.</param>
    public WeChatMessageCipher(string encodingAesKey, Action<Span<byte>>? fillRandom = null)
    {
        _key = DecodeKey(encodingAesKey);
        _iv = _key[..AesBlockSize];
        _fillRandom = fillRandom ?? RandomNumberGenerator.Fill;
    }

    public string Encrypt(string message, string appId)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(appId);
        var msgBytes = Encoding.UTF8.GetBytes(message);
        var appIdBytes = Encoding.UTF8.GetBytes(appId);
        var contentLength = HeaderLength + msgBytes.Length + appIdBytes.Length;
        // Always adds 1..32 bytes, a full block of 0x20 when already aligned.
        var pad = PaddingBlockSize - (contentLength % PaddingBlockSize);
        var plain = new byte[contentLength + pad];

        _fillRandom(plain.AsSpan(0, RandomPrefixLength));
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(RandomPrefixLength, LengthFieldSize), msgBytes.Length);
        msgBytes.CopyTo(plain.AsSpan(HeaderLength));
        appIdBytes.CopyTo(plain.AsSpan(HeaderLength + msgBytes.Length));
        plain.AsSpan(contentLength).Fill((byte)pad);

        using var aes = CreateAes();
        var cipher = aes.EncryptCbc(plain, _iv, PaddingMode.None);
        CryptographicOperations.ZeroMemory(plain);
        return Convert.ToBase64String(cipher);
    }

    /// <param name="encrypted">The base64 <c>Encrypt</c> element (or WeCom <c>echostr</c>).</param>
    /// <param name="expectedAppId">When given, the sealed appId must match it exactly.</param>
    public WeChatDecryptedMessage Decrypt(string encrypted, string? expectedAppId = null)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        var cipher = DecodeCiphertext(encrypted);

        using var aes = CreateAes();
        // PaddingMode.None: .NET's PKCS7 only accepts pad values up to 16 and would reject valid WeChat payloads.
        var plain = aes.DecryptCbc(cipher, _iv, PaddingMode.None);
        try
        {
            var content = plain.AsSpan(0, plain.Length - ReadPadding(plain));
            if (content.Length < HeaderLength)
                throw new WeChatCryptoException(WeChatCryptoError.InvalidLengthField, "Decrypted payload is shorter than its 20-byte header.");

            var msgLength = BinaryPrimitives.ReadInt32BigEndian(content.Slice(RandomPrefixLength, LengthFieldSize));
            if (msgLength < 0 || msgLength > content.Length - HeaderLength)
                throw new WeChatCryptoException(WeChatCryptoError.InvalidLengthField,
                    $"Message length field {msgLength} does not fit the {content.Length - HeaderLength} bytes after the header.");

            var message = Encoding.UTF8.GetString(content.Slice(HeaderLength, msgLength));
            var appId = Encoding.UTF8.GetString(content[(HeaderLength + msgLength)..]);
            if (expectedAppId is not null && !string.Equals(appId, expectedAppId, StringComparison.Ordinal))
                throw new WeChatCryptoException(WeChatCryptoError.AppIdMismatch,
                    $"Payload was encrypted for appId '{appId}', expected '{expectedAppId}'.");

            return new WeChatDecryptedMessage(message, appId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static byte[] DecodeKey(string encodingAesKey)
    {
        ArgumentNullException.ThrowIfNull(encodingAesKey);
        if (encodingAesKey.Length != EncodingAesKeyLength)
            throw new WeChatCryptoException(WeChatCryptoError.InvalidEncodingAesKey,
                $"EncodingAESKey must be {EncodingAesKeyLength} characters, got {encodingAesKey.Length}.");
        try
        {
            // 43 base64 chars + one '=' encode exactly 32 bytes (AES-256).
            var key = Convert.FromBase64String(encodingAesKey + "=");
            if (key.Length == 32)
                return key;
        }
        catch (FormatException ex)
        {
            throw new WeChatCryptoException(WeChatCryptoError.InvalidEncodingAesKey, "EncodingAESKey is not valid base64.", ex);
        }
        // Base64 decoding skips whitespace, so 43 characters can still yield a short key.
        throw new WeChatCryptoException(WeChatCryptoError.InvalidEncodingAesKey, "EncodingAESKey does not decode to a 32-byte AES key.");
    }

    private static byte[] DecodeCiphertext(string encrypted)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypted);
        }
        catch (FormatException ex)
        {
            throw new WeChatCryptoException(WeChatCryptoError.InvalidBase64, "Encrypted payload is not valid base64.", ex);
        }

        if (cipher.Length < PaddingBlockSize || cipher.Length % AesBlockSize != 0)
            throw new WeChatCryptoException(WeChatCryptoError.InvalidCiphertextLength,
                $"Ciphertext length {cipher.Length} is not a positive multiple of {AesBlockSize} of at least {PaddingBlockSize} bytes.");
        return cipher;
    }

    private static int ReadPadding(byte[] plain)
    {
        int pad = plain[^1];
        if (pad is < 1 or > PaddingBlockSize)
            throw new WeChatCryptoException(WeChatCryptoError.InvalidPadding, $"Padding value {pad} is outside 1..{PaddingBlockSize}.");
        foreach (var b in plain.AsSpan(plain.Length - pad))
        {
            if (b != pad)
                throw new WeChatCryptoException(WeChatCryptoError.InvalidPadding, "Padding bytes are inconsistent.");
        }
        return pad;
    }

    private Aes CreateAes()
    {
        var aes = Aes.Create();
        aes.Key = _key;
        return aes;
    }
}
