using Lianjie.Core.Data;
using Lianjie.Followers.Reactors;
using Npgsql;
using NpgsqlTypes;

namespace Lianjie.Followers.Import.Jobs;

/// <summary>
/// Keeps an imported chunk's "Tags" column equal to what the tag service applied, in the chunk's
/// transaction: the follower projection then finds nothing to change for the chunk's tag.added events,
/// and the search documents written for the chunk already hold the tags. New followers are inserted
/// with the tags their rows ask for, so usually only re-imported followers (and rules such as an
/// exclusive group) leave rows to correct here.
/// </summary>
internal static class ImportedTagsColumn
{
    /// <summary>The followers whose stored "Tags" differ from what they hold after tagging, with the value to store.</summary>
    public static List<(long Id, string Tags)> Corrections(IReadOnlyDictionary<long, string> stored, IEnumerable<(long FollowerId, IReadOnlyList<string> Requested)> tagged, IReadOnlyDictionary<long, IReadOnlyList<string>>? tagsAfter)
    {
        var corrections = new List<(long, string)>();
        foreach (var (id, requested) in tagged)
        {
            var current = stored.GetValueOrDefault(id) ?? string.Empty;

            // Without the service's answer, store what the projection would make of the tag.added events.
            var wanted = tagsAfter is null
                ? TagSet.With(current, requested)
                : tagsAfter.TryGetValue(id, out var after) ? TagSet.With(string.Empty, after) : current;
            if (!string.Equals(wanted, current, StringComparison.Ordinal))
            {
                corrections.Add((id, wanted));
            }
        }

        return corrections;
    }

    public static async Task WriteAsync(DbSession session, IReadOnlyList<(long Id, string Tags)> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (session.IsSqlite)
        {
            if (await FollowerTagsColumn.TryWriteAsync(session, rows, cancellationToken))
            {
                return;
            }

            foreach (var (id, tags) in rows)
            {
                await using var single = await session.CreateCommandAsync("UPDATE \"Followers\" SET \"Tags\" = @t WHERE \"Id\" = @id", cancellationToken);
                single.AddParameter("@t", tags);
                single.AddParameter("@id", id);
                await single.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        await using var command = await session.CreateCommandAsync(
            "UPDATE \"Followers\" AS f SET \"Tags\" = d.t FROM unnest(@ids, @tags) AS d(id, t) WHERE f.\"Id\" = d.id",
            cancellationToken);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("tags", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.Tags).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
