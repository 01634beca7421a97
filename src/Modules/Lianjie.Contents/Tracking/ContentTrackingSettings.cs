using Lianjie.Contents.Definitions;

namespace Lianjie.Contents.Tracking;

/// <summary>
/// When a view counts as a read, per content type: Settings["ContentTrackingSettings"] =
/// { "ReadSeconds": 10, "ReadScrollPercent": 70 } (either condition is enough).
/// </summary>
public sealed record ContentTrackingSettings(int ReadSeconds, int ReadScrollPercent)
{
    public const string SectionName = "ContentTrackingSettings";
    public static readonly ContentTrackingSettings Default = new(10, 70);

    public static ContentTrackingSettings For(ContentTypeDefinition? type)
    {
        var section = type?.Settings.GetObject(SectionName);
        return new ContentTrackingSettings(
            Math.Clamp(section?.GetInt32("ReadSeconds") ?? Default.ReadSeconds, 1, 600),
            Math.Clamp(section?.GetInt32("ReadScrollPercent") ?? Default.ReadScrollPercent, 1, 100));
    }
}
