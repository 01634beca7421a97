namespace Lianjie.WeChat.Messages;

/// <summary>Why a WeChat XML body was refused.</summary>
public enum WeChatXmlError
{
    BodyTooLarge,
    DtdProhibited,
    Malformed,
    UnexpectedRoot,
    InvalidValue,
    MissingElement,
}

/// <summary>Thrown for callback bodies that are hostile, oversized or not the XML WeChat sends.</summary>
public sealed class WeChatXmlException : Exception
{
    public WeChatXmlException(WeChatXmlError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    public WeChatXmlError Error { get; }
}
