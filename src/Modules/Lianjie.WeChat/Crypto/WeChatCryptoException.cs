namespace Lianjie.WeChat.Crypto;

/// <summary>Why a WeChat crypto operation refused its input.</summary>
public enum WeChatCryptoError
{
    InvalidEncodingAesKey,
    InvalidBase64,
    InvalidCiphertextLength,
    InvalidPadding,
    InvalidLengthField,
    AppIdMismatch,
}

/// <summary>
/// Thrown when an encrypted callback payload cannot be trusted. The callback endpoint should answer
/// with an error and never fall back to treating the payload as plaintext.
/// </summary>
public sealed class WeChatCryptoException : Exception
{
    public WeChatCryptoException(WeChatCryptoError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    public WeChatCryptoError Error { get; }
}
