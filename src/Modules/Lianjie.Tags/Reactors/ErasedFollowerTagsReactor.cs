using Lianjie.Core.Data;
using Lianjie.Core.Ledger;

namespace Lianjie.Tags.Reactors;

/// <summary>
/// Data rights: when a follower is erased (Followers appends "follower.erased"), their tags go
/// too — health tags are sensitive personal information. The ledger keeps the anonymised history.
/// </summary>
public sealed class ErasedFollowerTagsReactor(DbSession session) : ILedgerReactor
{
    public const string ReactorName = "tags.erasure";
    public const string ErasedEventType = "follower.erased";

    public string Name => ReactorName;

    public IReadOnlySet<string>? EventTypes { get; } = new HashSet<string>([ErasedEventType], StringComparer.Ordinal);

    /// <summary>Almost every event is skipped, so take many per transaction (bulk tagging makes 100,000s).</summary>
    public int BatchSize => 10_000;

    public async Task ReactAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
        foreach (var followerId in events.Where(e => e.Type == ErasedEventType && e.FollowerId is not null).Select(e => e.FollowerId!.Value).Distinct())
        {
            await using var command = await session.CreateCommandAsync("DELETE FROM \"FollowerTags\" WHERE \"FollowerId\" = @f", cancellationToken);
            command.AddParameter("f", followerId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
