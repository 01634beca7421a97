using System.Text.Json.Nodes;
using Lianjie.Core.Ledger;

namespace Lianjie.Followers.Import.Jobs;

/// <summary>
/// "followers.imported": appended with each import chunk that could not update the search index
/// itself (the CLI while the server holds the index). It names the chunk's followers as id ranges,
/// so the server's search reactor indexes them; it belongs to no single follower.
/// </summary>
public static class ImportedFollowersEvent
{
    public const string Type = "followers.imported";

    public static BehaviourEventDraft Draft(long jobId, long rowsReadBefore, IReadOnlyCollection<long> followerIds)
    {
        var ranges = new JsonArray();
        foreach (var (first, last) in Ranges(followerIds))
        {
            ranges.Add(new JsonArray(first, last));
        }

        return new BehaviourEventDraft(
            Type,
            FollowerId: null,
            Subject: "import:" + jobId,
            Payload: new JsonObject { ["job"] = jobId, ["count"] = followerIds.Count, ["ranges"] = ranges },
            Source: "import",
            DedupeKey: $"followers.imported:{jobId}:{rowsReadBefore}");
    }

    public static IEnumerable<long> FollowerIds(JsonObject payload)
    {
        if (payload["ranges"] is not JsonArray ranges)
        {
            yield break;
        }

        foreach (var range in ranges.OfType<JsonArray>())
        {
            if (range.Count == 2 && range[0] is JsonValue a && a.TryGetValue<long>(out var first) && range[1] is JsonValue b && b.TryGetValue<long>(out var last))
            {
                for (var id = first; id <= last && id - first < 10_000_000; id++)
                {
                    yield return id;
                }
            }
        }
    }

    /// <summary>New followers of a chunk get consecutive ids, so ranges keep the payload small.</summary>
    internal static IEnumerable<(long First, long Last)> Ranges(IEnumerable<long> ids)
    {
        long? first = null, last = null;
        foreach (var id in ids.Distinct().Order())
        {
            if (last is { } l && id == l + 1)
            {
                last = id;
                continue;
            }

            if (first is { } f)
            {
                yield return (f, last!.Value);
            }

            first = last = id;
        }

        if (first is { } start)
        {
            yield return (start, last!.Value);
        }
    }
}
