namespace Lianjie.WeChat.Callback;

/// <summary>The query string WeChat signs every callback with.</summary>
public sealed record CallbackRequest(
    string AppId,
    string? Signature,
    string? Timestamp,
    string? Nonce,
    string? MsgSignature,
    string? EncryptType,
    string? EchoStr)
{
    public bool IsEncrypted => string.Equals(EncryptType, "aes", StringComparison.OrdinalIgnoreCase);
}
