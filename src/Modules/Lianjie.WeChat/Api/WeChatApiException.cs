namespace Lianjie.WeChat.Api;

/// <summary>WeChat answered with a non-zero errcode (after the client's own token retry).</summary>
public class WeChatApiException(int code, string message)
    : Exception($"WeChat API error {code}: {message}")
{
    public const int SystemBusy = -1;
    public const int InvalidCredential = 40001;
    public const int InvalidOpenId = 40003;
    public const int InvalidAccessToken = 40014;
    public const int InvalidCode = 40029;
    public const int OpenIdListTooLong = 40032;
    public const int AccessTokenExpired = 42001;
    public const int QuotaReached = 45009;
    public const int TooManyTags = 45056;
    public const int FollowerTagLimit = 45059;
    public const int TagNameConflict = 45157;
    public const int OAuthCodeUsed = 40163;

    /// <summary>message/mass/send needs at least two openids (one goes through a preview).</summary>
    public const int MassOpenIdCount = 40130;

    public int Code { get; } = code;

    public string PlatformMessage { get; } = message;

    /// <summary>The platform is busy or out of quota: try again later, not now.</summary>
    public bool ShouldBackOff => Code is QuotaReached or SystemBusy;

    public static bool IsTokenProblem(int code) => code is InvalidCredential or AccessTokenExpired or InvalidAccessToken;
}

/// <summary>A call refused before it was made because it would break a platform limit.</summary>
public sealed class WeChatLimitException(int code, string message) : WeChatApiException(code, message);
