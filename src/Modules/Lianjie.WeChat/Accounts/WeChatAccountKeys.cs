namespace Lianjie.WeChat.Accounts;

/// <summary>An account with its secrets unprotected, for the callback and the API client only.</summary>
public sealed record WeChatAccountKeys(
    string AppId,
    string Name,
    string AppSecret,
    string? EncodingAesKey,
    string Token,
    WeChatMessageMode MessageMode,
    bool Simulated,
    string? ApiBaseUrl);

/// <summary>What an admin or a recipe submits. Null secrets (and Token) on an update keep the stored ones.</summary>
public sealed record WeChatAccountInput(
    string AppId,
    string Name,
    string? AppSecret,
    string? EncodingAesKey,
    string? Token,
    WeChatMessageMode MessageMode,
    bool Simulated,
    string? ApiBaseUrl = null);
