namespace Lianjie.Search.Index;

/// <summary>Order of search hits.</summary>
public enum FollowerSearchSort
{
    /// <summary>Best text match first; with no text, index order.</summary>
    Relevance,

    /// <summary>Most recently active first; followers never active come last.</summary>
    LastActiveDescending,
}

/// <summary>
/// A follower search. <see cref="Text"/> is raw user input: every whitespace-separated word must match
/// somewhere in nickname, remark, profile fields, tags, or equal the openid/unionid.
/// </summary>
public sealed record FollowerSearchQuery
{
    public string? Text { get; init; }

    /// <summary>Tags the follower must all carry (exact, case-sensitive).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public bool? Subscribed { get; init; }

    public int Skip { get; init; }

    public int Take { get; init; } = 20;

    public FollowerSearchSort Sort { get; init; } = FollowerSearchSort.Relevance;
}

/// <summary>One page of matching follower ids plus the total number of matches.</summary>
public sealed record FollowerSearchResult(IReadOnlyList<long> FollowerIds, int Total);
