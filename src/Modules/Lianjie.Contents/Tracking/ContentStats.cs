using Lianjie.Contents.Data;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Contents.Tracking;

public sealed record ContentStatsSummary(int Views, int Reads, int ShareOpens, int NewFollows = 0)
{
    /// <summary>Reads per view, 0..1.</summary>
    public double ReadRate => Views == 0 ? 0 : Math.Min(1, (double)Reads / Views);
}

/// <summary>
/// Per-article counts: views, reads and share-opens straight from the ledger (each one indexed
/// count by type and subject); new follows from the <see cref="NewFollowsReactor"/> projection.
/// </summary>
public sealed class ContentStats(IBehaviourLedger ledger, DbSession session)
{
    public async Task<ContentStatsSummary> GetAsync(string contentItemId, CancellationToken cancellationToken = default) =>
        new(
            await CountAsync(BehaviourEventTypes.ContentView, contentItemId, cancellationToken),
            await CountAsync(BehaviourEventTypes.ContentRead, contentItemId, cancellationToken),
            await CountAsync(BehaviourEventTypes.ContentShareOpen, contentItemId, cancellationToken),
            await NewFollowsAsync(contentItemId, cancellationToken));

    public async Task<int> NewFollowsAsync(string contentItemId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<FollowAttributionRecord>().CountAsync(r => r.CreditedContentItemId == contentItemId, cancellationToken);
    }

    private async Task<int> CountAsync(string type, string subject, CancellationToken cancellationToken) =>
        (await ledger.QueryAsync(new LedgerQuery(Type: type, Subject: subject, Take: 1), cancellationToken)).Total;
}
