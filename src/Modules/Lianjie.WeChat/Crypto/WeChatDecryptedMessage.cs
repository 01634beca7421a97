namespace Lianjie.WeChat.Crypto;

/// <summary>Result of decrypting an <c>Encrypt</c> payload: the inner message and the appId it was sealed for.</summary>
public readonly record struct WeChatDecryptedMessage(string Message, string AppId);
