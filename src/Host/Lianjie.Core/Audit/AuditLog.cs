using System.Security.Claims;
using Lianjie.Core.Data;
using Microsoft.AspNetCore.Http;

namespace Lianjie.Core.Audit;

public sealed class AuditLog(DbSession session, IHttpContextAccessor httpContextAccessor, TimeProvider clock)
{
    /// <summary>Set by the CLI so its actions are attributed to the operator, not to nobody.</summary>
    public static string CliUser { get; set; } = "cli";

    public async Task RecordAsync(string action, string? target = null, string? details = null, string? userName = null, CancellationToken cancellationToken = default)
    {
        userName ??= httpContextAccessor.HttpContext?.User.FindFirstValue(ClaimTypes.Name)
            ?? (httpContextAccessor.HttpContext is null ? CliUser : "anonymous");
        await using var db = await session.CreateContextAsync(cancellationToken);
        db.AuditEntries.Add(new AuditEntry
        {
            TimeUtc = clock.GetUtcNow().UtcDateTime,
            UserName = userName,
            Action = action,
            Target = target,
            Details = details,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
