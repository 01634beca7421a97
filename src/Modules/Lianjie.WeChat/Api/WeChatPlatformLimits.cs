namespace Lianjie.WeChat.Api;

/// <summary>Documented Official Account limits, checked before calling so a doomed call is never made.</summary>
public static class WeChatPlatformLimits
{
    public const int MaxTagsPerAccount = 100;
    public const int MaxTagsPerFollower = 20;
    public const int MaxOpenIdsPerBatchTagging = 50;
    public const int MaxOpenIdsPerUserListPage = 10_000;
    public const int MaxTagNameBytes = 30;

    /// <summary>Tag ids 0, 1 and 2 are reserved by WeChat (e.g. 星标组).</summary>
    public static bool IsReservedTag(long tagId) => tagId is >= 0 and <= 2;
}
