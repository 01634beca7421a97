namespace Lianjie.WeChat.Accounts;

/// <summary>How the account's callbacks are protected, as chosen in the WeChat console.</summary>
public enum WeChatMessageMode
{
    /// <summary>明文模式: plaintext XML, only the URL signature.</summary>
    Plain,

    /// <summary>兼容模式: plaintext and ciphertext side by side; we trust only the ciphertext when present.</summary>
    Compatible,

    /// <summary>安全模式: AES-encrypted body with msg_signature; replies are encrypted too.</summary>
    Safe,
}

/// <summary>
/// One Official Account. AppSecret and EncodingAESKey are stored protected with ASP.NET Data
/// Protection; only <see cref="WeChatAccountService"/> unprotects them.
/// </summary>
public sealed class WeChatAccount
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string AppId { get; set; } = string.Empty;

    public string ProtectedAppSecret { get; set; } = string.Empty;

    public string? ProtectedEncodingAesKey { get; set; }

    public string Token { get; set; } = string.Empty;

    public WeChatMessageMode MessageMode { get; set; }

    /// <summary>Talks to the built-in simulator instead of api.weixin.qq.com.</summary>
    public bool Simulated { get; set; }

    /// <summary>Overrides where API calls go (a proxy, or the simulator of another site); null = default.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Last four characters of each secret, for masked display after saving.</summary>
    public string SecretHint { get; set; } = string.Empty;

    public string? AesKeyHint { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }
}
