using System.Globalization;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Followers.Search;

namespace Lianjie.Followers.Services;

/// <summary>
/// The right to erasure (PIPL): personal fields go, the openid becomes "erased-{id}" so a later
/// subscribe by the same person is a new follower, consents stay as proof, and the follower's
/// ledger events stay (totals must not change) with payloads cut to amount and currency.
/// </summary>
public sealed class FollowerErasure(DbSession session, IBehaviourLedger ledger, FollowerIndexAccessor indexes, TimeProvider clock, FollowerIdCache ids)
{
    public const string ErasedEventType = "follower.erased";

    public async Task<bool> EraseAsync(long followerId, string by, CancellationToken cancellationToken = default)
    {
        await session.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var update = await session.CreateCommandAsync(
                "UPDATE \"Followers\" SET \"Nickname\" = NULL, \"Remark\" = NULL, \"UnionId\" = NULL, \"Profile\" = '{}', \"Tags\" = '', " +
                "\"OpenId\" = @openId, \"ErasedUtc\" = @now WHERE \"Id\" = @id AND \"ErasedUtc\" IS NULL",
                cancellationToken))
            {
                update.AddParameter("openId", "erased-" + followerId.ToString(CultureInfo.InvariantCulture));
                update.AddParameter("now", clock.GetUtcNow().UtcDateTime);
                update.AddParameter("id", followerId);
                if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    await session.RollbackAsync();
                    return false;
                }
            }

            await ledger.AnonymiseFollowerInTransactionAsync(session, followerId, cancellationToken);
            await ledger.AppendInTransactionAsync(session, new BehaviourEventDraft(ErasedEventType, followerId, Source: "admin:" + by), cancellationToken);
            await session.CommitAsync(cancellationToken);
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }

        ids.Clear(); // the old openid must not lead to the erased follower (erasure is rare; clearing all is simplest)
        indexes.TryGet()?.Delete(followerId);
        return true;
    }
}
