namespace Lianjie.Search.Index;

/// <summary>What the search index knows about one follower; rebuilt from the CRM tables.</summary>
public sealed record FollowerSearchDocument(
    long FollowerId,
    string OpenId,
    string? UnionId,
    string? Nickname,
    string? Remark,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> ProfileFields,
    bool Subscribed,
    DateTimeOffset? LastActiveUtc);
