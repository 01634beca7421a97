using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Followers.Models;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Followers.Services;

/// <summary>An append-only consent ledger per follower and purpose; the latest decision counts.</summary>
public sealed class ConsentRegistry(DbSession session, TimeProvider clock) : IConsentRegistry
{
    public async Task<bool> HasConsentAsync(long followerId, string purpose, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var latest = await db.Set<ConsentRecord>().AsNoTracking()
            .Where(c => c.FollowerId == followerId && c.Purpose == purpose)
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        return latest?.Granted == true;
    }

    public async Task RecordAsync(long followerId, string purpose, bool granted, string source, CancellationToken cancellationToken = default)
    {
        if (!ConsentPurposes.All.Contains(purpose))
        {
            throw new ArgumentException($"Unknown consent purpose '{purpose}'. Use one of: {string.Join(", ", ConsentPurposes.All)}.");
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        if (!await db.Set<FollowerRecord>().AnyAsync(f => f.Id == followerId, cancellationToken))
        {
            throw new KeyNotFoundException($"Follower {followerId} not found.");
        }

        db.Add(new ConsentRecord { FollowerId = followerId, Purpose = purpose, Granted = granted, Source = source, TimeUtc = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> IsOptedOutOfAutomationAsync(long followerId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<FollowerRecord>().Where(f => f.Id == followerId).Select(f => f.AutomationOptOut).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ConsentRecord>> HistoryAsync(long followerId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<ConsentRecord>().AsNoTracking().Where(c => c.FollowerId == followerId).OrderByDescending(c => c.Id).ToListAsync(cancellationToken);
    }
}
