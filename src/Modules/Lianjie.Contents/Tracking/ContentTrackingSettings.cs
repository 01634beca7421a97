using Lianjie.Contents.Definitions;

namespace Lianjie.Contents.Tracking;

/// <summary>
/// Per content type: Settings["ContentTrackingSettings"] = { "ReadSeconds": 10, "ReadScrollPercent": 70,
/// "FollowWindowHours": 24 }. A view counts as a read after either threshold; a follower's first
/// subscribe within FollowWindowHours of viewing an item of this type counts as a follow it brought.
/// </summary>
public sealed record ContentTrackingSettings(int ReadSeconds, int ReadScrollPercent, int FollowWindowHours = 24)
{
    public const string SectionName = "ContentTrackingSettings";
    public static readonly ContentTrackingSettings Default = new(10, 70, 24);

    public static ContentTrackingSettings For(ContentTypeDefinition? type)
    {
        var section = type?.Settings.GetObject(SectionName);
        return new ContentTrackingSettings(
            Math.Clamp(section?.GetInt32("ReadSeconds") ?? Default.ReadSeconds, 1, 600),
            Math.Clamp(section?.GetInt32("ReadScrollPercent") ?? Default.ReadScrollPercent, 1, 100),
            Math.Clamp(section?.GetInt32("FollowWindowHours") ?? Default.FollowWindowHours, 1, 720));
    }
}
