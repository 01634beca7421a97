namespace Lianjie.Followers.Import;

/// <summary>
/// A validated row, ready for the database side. Tags are names only: whether unknown tags are
/// created or rejected is decided where the tag table is.
/// </summary>
public sealed record FollowerImportRow(
    int RowNumber,
    string? OpenId,
    string? UnionId,
    string? Nickname,
    string? Remark,
    IReadOnlyList<string> Tags,
    bool? Subscribed,
    DateTimeOffset? SubscribeTime,
    IReadOnlyDictionary<string, string> ProfileFields);
