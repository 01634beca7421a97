using Lianjie.WeChat.Crypto;

namespace Lianjie.WeChat.Tests;

/// <summary>Payloads the cipher must refuse, each with its specific reason.</summary>
public sealed class CipherNegativeTests
{
    // Vector mp-official-csharp-decrypt-safe-mode: pad value 30, so it also proves 32-byte padding.
    private const string Key = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    private const string AppId = "wx5823bf96d3bd56c7";
    private const int PadValue = 30;

    private static string ValidEncrypt() =>
        Fixtures.Vector("crypto_vectors", "mp-official-csharp-decrypt-safe-mode").Text("encrypt");

    private static WeChatCryptoError DecryptError(string encrypt, string? expectedAppId = AppId) =>
        Assert.Throws<WeChatCryptoException>(() => new WeChatMessageCipher(Key).Decrypt(encrypt, expectedAppId)).Error;

    [Fact]
    public void Valid_payload_decrypts_as_baseline()
    {
        Assert.Equal(AppId, new WeChatMessageCipher(Key).Decrypt(ValidEncrypt(), AppId).AppId);
    }

    [Fact]
    public void Tampered_padding_byte_is_rejected()
    {
        // CBC: flipping a byte of the second-to-last block flips the same byte of the last plaintext block.
        // XOR with the real pad value turns the pad byte into 0.
        var bytes = Convert.FromBase64String(ValidEncrypt());
        bytes[^17] ^= PadValue;
        Assert.Equal(WeChatCryptoError.InvalidPadding, DecryptError(Convert.ToBase64String(bytes)));
    }

    [Fact]
    public void Tampered_padding_run_is_rejected()
    {
        // Changes one of the 30 pad bytes (not the last), so the run is inconsistent.
        var bytes = Convert.FromBase64String(ValidEncrypt());
        bytes[^18] ^= 0x01;
        Assert.Equal(WeChatCryptoError.InvalidPadding, DecryptError(Convert.ToBase64String(bytes)));
    }

    [Fact]
    public void Tampered_length_field_is_rejected()
    {
        // Plaintext byte 16 (high byte of the length) is ciphertext byte 0 XOR-ed through CBC.
        var bytes = Convert.FromBase64String(ValidEncrypt());
        bytes[0] ^= 0x40;
        Assert.Equal(WeChatCryptoError.InvalidLengthField, DecryptError(Convert.ToBase64String(bytes)));
    }

    [Fact]
    public void Truncated_ciphertext_is_rejected()
    {
        var bytes = Convert.FromBase64String(ValidEncrypt());
        Assert.Equal(WeChatCryptoError.InvalidCiphertextLength, DecryptError(Convert.ToBase64String(bytes[..^5])));
        Assert.Equal(WeChatCryptoError.InvalidCiphertextLength, DecryptError(Convert.ToBase64String(bytes[..16])));
        Assert.Equal(WeChatCryptoError.InvalidCiphertextLength, DecryptError(""));
    }

    [Fact]
    public void Block_aligned_truncation_fails_padding_or_length()
    {
        // Dropping whole blocks keeps AES happy but the tail no longer holds valid padding.
        var bytes = Convert.FromBase64String(ValidEncrypt());
        var error = DecryptError(Convert.ToBase64String(bytes[..^32]));
        Assert.Contains(error, new[] { WeChatCryptoError.InvalidPadding, WeChatCryptoError.InvalidLengthField });
    }

    [Fact]
    public void Wrong_app_id_is_rejected_but_no_expectation_returns_the_sealed_one()
    {
        Assert.Equal(WeChatCryptoError.AppIdMismatch, DecryptError(ValidEncrypt(), "wx0000000000000000"));
        Assert.Equal(AppId, new WeChatMessageCipher(Key).Decrypt(ValidEncrypt()).AppId);
    }

    [Fact]
    public void Bad_base64_is_rejected()
    {
        Assert.Equal(WeChatCryptoError.InvalidBase64, DecryptError("not*base64!"));
        Assert.Equal(WeChatCryptoError.InvalidBase64, DecryptError(ValidEncrypt()[1..]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2CC")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C=")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B*C")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q 2BC")]
    public void Malformed_encoding_aes_key_is_rejected(string key)
    {
        var error = Assert.Throws<WeChatCryptoException>(() => new WeChatMessageCipher(key)).Error;
        Assert.Equal(WeChatCryptoError.InvalidEncodingAesKey, error);
    }

    [Fact]
    public void Wrong_key_does_not_yield_the_message()
    {
        var other = new WeChatMessageCipher("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
        var ex = Record.Exception(() => other.Decrypt(ValidEncrypt(), AppId));
        Assert.IsType<WeChatCryptoException>(ex);
    }

    [Fact]
    public void Encrypt_uses_fresh_random_prefix_by_default()
    {
        var cipher = new WeChatMessageCipher(Key);
        var first = cipher.Encrypt("hello", AppId);
        var second = cipher.Encrypt("hello", AppId);
        Assert.NotEqual(first, second);
        Assert.Equal("hello", cipher.Decrypt(second, AppId).Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(26)]
    [InlineData(44)]
    public void Padding_is_always_one_to_thirty_two_bytes(int messageLength)
    {
        // 16 + 4 + 18 (appId) = 38 bytes of overhead; length 26 → 64 exactly → full 32-byte pad block.
        var cipher = new WeChatMessageCipher(Key);
        var message = new string('x', messageLength);
        var bytes = Convert.FromBase64String(cipher.Encrypt(message, AppId)).Length;
        var pad = bytes - 38 - messageLength;
        Assert.Equal(0, bytes % 32);
        Assert.InRange(pad, 1, 32);
        Assert.Equal(message, cipher.Decrypt(cipher.Encrypt(message, AppId), AppId).Message);
    }

    [Fact]
    public void Aligned_content_gets_a_full_block_of_0x20()
    {
        // 38 bytes of overhead + 26 = 64: WeChat's variant still appends 32 bytes of value 32.
        var cipher = new WeChatMessageCipher(Key);
        Assert.Equal(96, Convert.FromBase64String(cipher.Encrypt(new string('x', 26), AppId)).Length);
    }
}
