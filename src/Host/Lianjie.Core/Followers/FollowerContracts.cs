namespace Lianjie.Core.Followers;

/// <summary>How other modules name a follower: (account, openid), or a unionid across accounts.</summary>
public sealed record FollowerKey(string? AccountId, string? OpenId, string? UnionId = null);

public sealed record FollowerRef(long Id, string? AccountId, string OpenId, string? UnionId);

public sealed record FollowerResolution(FollowerRef Follower, bool Created);

/// <summary>Filters the admin list, bulk actions and exports share.</summary>
public sealed record FollowerFilter(
    string? Text = null,
    IReadOnlyList<string>? Tags = null,
    bool? Subscribed = null,
    string? Source = null,
    DateTime? ActiveSinceUtc = null,
    string? AccountId = null,
    long AfterFollowerId = 0); // resume point for jobs that stream ids in order

/// <summary>Follower identity, owned by the Followers module.</summary>
public interface IFollowerDirectory
{
    /// <summary>Finds the follower; creates it when <paramref name="createIfMissing"/> (an event for an unknown openid).</summary>
    Task<FollowerResolution?> ResolveAsync(FollowerKey key, bool createIfMissing, CancellationToken cancellationToken = default);

    /// <summary>
    /// Only the follower's id, for hot paths (every inbound message): the directory may answer from
    /// a short-lived cache. An erased follower's old openid stops resolving to it at once on this host.
    /// </summary>
    async Task<long?> ResolveIdAsync(string accountId, string openId, bool createIfMissing, CancellationToken cancellationToken = default) =>
        (await ResolveAsync(new FollowerKey(accountId, openId), createIfMissing, cancellationToken))?.Follower.Id;

    Task<FollowerRef?> FindAsync(long followerId, CancellationToken cancellationToken = default);

    /// <summary>Ids of every follower matching the filter, streamed in id order (bulk tagging, segments).</summary>
    IAsyncEnumerable<long> QueryIdsAsync(FollowerFilter filter, CancellationToken cancellationToken = default);

    Task SetProfileFieldAsync(long followerId, string field, string? value, string source, CancellationToken cancellationToken = default);
}

/// <summary>Consent per follower and purpose (PIPL): health information needs its own.</summary>
public interface IConsentRegistry
{
    Task<bool> HasConsentAsync(long followerId, string purpose, CancellationToken cancellationToken = default);

    Task RecordAsync(long followerId, string purpose, bool granted, string source, CancellationToken cancellationToken = default);

    /// <summary>True when an admin opted the follower out of automated marketing.</summary>
    Task<bool> IsOptedOutOfAutomationAsync(long followerId, CancellationToken cancellationToken = default);
}

public static class ConsentPurposes
{
    public const string Marketing = "marketing";
    public const string HealthInformation = "health";
    public const string Profiling = "profiling";

    public static readonly IReadOnlyList<string> All = [Marketing, HealthInformation, Profiling];
}

/// <summary>Applying and removing tags, owned by the Tags module. Every change is a ledger event.</summary>
public interface IFollowerTagService
{
    Task<TagChange> AddAsync(long followerId, string tagName, TagChangeOrigin origin, CancellationToken cancellationToken = default);

    Task<TagChange> RemoveAsync(long followerId, string tagName, TagChangeOrigin origin, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<FollowerTagInfo>> GetAsync(long followerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies many tags in few transactions (imports, bulk actions); one tag.added event per
    /// follower and call. Unknown tags are created when <paramref name="createUnknownTags"/>, else refused.
    /// </summary>
    Task<BulkTagResult> AddManyAsync(IReadOnlyList<FollowerTagAssignment> assignments, TagChangeOrigin origin, bool createUnknownTags, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies adds and removes in the order given, each judged as if applied alone after those before it
    /// (exclusive groups, limits, consent), so the end state equals one call per change; an implementation
    /// may write set-based in the caller's transaction. Returns each change's results per tag, in order.
    /// Unknown tags are refused. This default applies them one by one.
    /// </summary>
    async Task<IReadOnlyList<IReadOnlyList<TagChange>>> ChangeManyAsync(IReadOnlyList<FollowerTagChangeRequest> changes, CancellationToken cancellationToken = default)
    {
        var results = new List<IReadOnlyList<TagChange>>(changes.Count);
        foreach (var change in changes)
        {
            var perTag = new List<TagChange>(change.Tags.Count);
            foreach (var tag in change.Tags)
            {
                perTag.Add(change.Remove
                    ? await RemoveAsync(change.FollowerId, tag, change.Origin, cancellationToken)
                    : await AddAsync(change.FollowerId, tag, change.Origin, cancellationToken));
            }

            results.Add(perTag);
        }

        return results;
    }
}

/// <summary>One follower's tags to add (or remove, with <paramref name="Remove"/>), for <see cref="IFollowerTagService.ChangeManyAsync"/>.</summary>
public sealed record FollowerTagChangeRequest(long FollowerId, IReadOnlyList<string> Tags, bool Remove, TagChangeOrigin Origin);

public sealed record FollowerTagAssignment(long FollowerId, IReadOnlyList<string> Tags);

public sealed record BulkTagResult(int Applied, int AlreadyPresent, IReadOnlyList<RefusedTag> Refused)
{
    /// <summary>
    /// Each follower's tag names after the call, for followers it planned for (an importer writes them
    /// with its rows, so the follower projection finds nothing left to change); null when not known.
    /// </summary>
    public IReadOnlyDictionary<long, IReadOnlyList<string>>? TagsAfter { get; init; }
}

public sealed record RefusedTag(long FollowerId, string Tag, TagChangeStatus Status, string? Message);

/// <summary>Who or what changed a tag: "admin"/user name, "workflow"/rule id, "import"/file, "wechat"/keyword rule.</summary>
public sealed record TagChangeOrigin(string Source, string? By = null, string? Reason = null);

public enum TagChangeStatus
{
    Applied,
    AlreadyPresent,
    Removed,
    NotPresent,
    RefusedNoConsent,
    RefusedLimit,
    UnknownTag,
}

public sealed record TagChange(TagChangeStatus Status, string Tag, string? Message = null)
{
    public bool Succeeded => Status is TagChangeStatus.Applied or TagChangeStatus.AlreadyPresent or TagChangeStatus.Removed or TagChangeStatus.NotPresent;
}

public sealed record FollowerTagInfo(string Tag, string? Group, DateTime AppliedUtc, string Source, string? By, DateTime? ExpiresUtc);

/// <summary>Fields of a content type (e.g. "FollowerProfile"), owned by the Contents module.</summary>
public interface IContentTypeFields
{
    Task<IReadOnlyList<ContentFieldInfo>> GetFieldsAsync(string contentType, CancellationToken cancellationToken = default);
}

public sealed record ContentFieldInfo(string Part, string Name, string DisplayName, string FieldType, bool Required);
