using Lianjie.Core.Ledger;

namespace Lianjie.Contents.Tracking;

public sealed record ContentStatsSummary(int Views, int Reads, int ShareOpens)
{
    /// <summary>Reads per view, 0..1.</summary>
    public double ReadRate => Views == 0 ? 0 : Math.Min(1, (double)Reads / Views);
}

/// <summary>
/// Per-article counts straight from the ledger (each is one indexed count by type and subject).
/// New follows brought by a share are not counted yet: wechat.subscribe events do not carry the
/// article that referred them until the WeChat module adds a referrer to their payload.
/// </summary>
public sealed class ContentStats(IBehaviourLedger ledger)
{
    public async Task<ContentStatsSummary> GetAsync(string contentItemId, CancellationToken cancellationToken = default) =>
        new(
            await CountAsync(BehaviourEventTypes.ContentView, contentItemId, cancellationToken),
            await CountAsync(BehaviourEventTypes.ContentRead, contentItemId, cancellationToken),
            await CountAsync(BehaviourEventTypes.ContentShareOpen, contentItemId, cancellationToken));

    private async Task<int> CountAsync(string type, string subject, CancellationToken cancellationToken) =>
        (await ledger.QueryAsync(new LedgerQuery(Type: type, Subject: subject, Take: 1), cancellationToken)).Total;
}
