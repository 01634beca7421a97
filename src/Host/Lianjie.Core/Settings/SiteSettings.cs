using Lianjie.Core.Documents;

namespace Lianjie.Core.Settings;

/// <summary>Site-wide settings, stored as one document.</summary>
public sealed class SiteSettings
{
    public const string DocumentType = "SiteSettings";

    public string SiteName { get; set; } = "Lianjie";

    public string TimeZoneId { get; set; } = "Asia/Shanghai";

    public string Culture { get; set; } = "zh-CN";

    /// <summary>Settings from recipes that no module claims, kept so an export gives them back.</summary>
    public Dictionary<string, System.Text.Json.Nodes.JsonNode?> Extra { get; set; } = [];

    public TimeZoneInfo TimeZone =>
        TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    public DateTimeOffset ToLocal(DateTime utc) => TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), TimeZone);
}

public sealed class SiteSettingsStore(DocumentStore documents)
{
    public async Task<SiteSettings> GetAsync(CancellationToken cancellationToken = default) =>
        await documents.GetAsync<SiteSettings>(SiteSettings.DocumentType, "site", cancellationToken) ?? new SiteSettings();

    public Task SaveAsync(SiteSettings settings, CancellationToken cancellationToken = default) =>
        documents.SaveAsync(SiteSettings.DocumentType, "site", settings, cancellationToken);
}
