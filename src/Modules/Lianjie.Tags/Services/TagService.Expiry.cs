using Lianjie.Core.Data;
using Lianjie.Core.Followers;

namespace Lianjie.Tags.Services;

public sealed partial class TagService
{
    private static readonly TagChangeOrigin ExpiryOrigin = new("system", "expiry", "expired");

    /// <summary>Removes tags whose time is up (tag.removed, reason "expired"); returns how many were removed.</summary>
    internal async Task<int> SweepExpiredAsync(int max, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var groups = await LoadGroupsAsync(cancellationToken);
        return await InTransactionAsync(
            async () =>
            {
                var due = new List<(long FollowerId, long TagId, long? GroupId, string Name)>();
                await using (var command = await session.CreateCommandAsync(
                    "SELECT ft.\"FollowerId\", ft.\"TagId\", t.\"GroupId\", t.\"Name\" FROM \"FollowerTags\" ft JOIN \"Tags\" t ON t.\"Id\" = ft.\"TagId\" " +
                    $"WHERE ft.\"ExpiresUtc\" IS NOT NULL AND ft.\"ExpiresUtc\" <= @now ORDER BY ft.\"ExpiresUtc\" LIMIT {max}",
                    cancellationToken))
                {
                    command.AddParameter("now", now);
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        due.Add((reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetString(3)));
                    }
                }

                foreach (var byTag in due.GroupBy(d => d.TagId))
                {
                    await TagSql.DeleteAsync(session, byTag.Key, byTag.Select(d => d.FollowerId).ToList(), cancellationToken);
                }

                await ledger.AppendManyInTransactionAsync(
                    session,
                    due.GroupBy(d => d.FollowerId)
                        .Select(f => TagEvents.Removed(f.Key, f.Select(d => d.Name).ToList(), GroupOf(f.Select(d => d.GroupId), groups), ExpiryOrigin, now, "expired"))
                        .ToList(),
                    cancellationToken);
                return due.Count;
            },
            cancellationToken);
    }
}
