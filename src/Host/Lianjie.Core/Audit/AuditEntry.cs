namespace Lianjie.Core.Audit;

/// <summary>Who did what, when: every admin action and every read of sensitive data.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime TimeUtc { get; set; }

    public string UserName { get; set; } = string.Empty;

    public string Action { get; set; } = string.Empty;

    public string? Target { get; set; }

    public string? Details { get; set; }
}
