using Lianjie.Search.Index;

namespace Lianjie.Bench.Search;

/// <summary>
/// The baseline: what a naive implementation would do, scanning an in-memory list with substring
/// matches. It skips ranking (keeps the first hits, or sorts by last active), so it is a lower bound.
/// </summary>
internal static class LinearScanSearch
{
    public static FollowerSearchResult Search(IReadOnlyList<FollowerSearchDocument> followers, FollowerSearchQuery query)
    {
        var words = (query.Text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var hits = new List<FollowerSearchDocument>();
        foreach (var follower in followers)
        {
            if (query.Subscribed is { } subscribed && follower.Subscribed != subscribed)
                continue;
            if (!query.Tags.All(follower.Tags.Contains))
                continue;
            if (words.All(word => Contains(follower, word)))
                hits.Add(follower);
        }

        IEnumerable<FollowerSearchDocument> ordered = query.Sort == FollowerSearchSort.LastActiveDescending
            ? hits.OrderByDescending(f => f.LastActiveUtc ?? DateTimeOffset.MinValue)
            : hits;
        var page = ordered.Skip(query.Skip).Take(query.Take).Select(f => f.FollowerId).ToList();
        return new FollowerSearchResult(page, hits.Count);
    }

    private static bool Contains(FollowerSearchDocument follower, string word) =>
        (follower.Nickname?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false)
        || (follower.Remark?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false)
        || follower.ProfileFields.Values.Any(v => v.Contains(word, StringComparison.OrdinalIgnoreCase))
        || follower.Tags.Any(t => t.Contains(word, StringComparison.OrdinalIgnoreCase));
}
