namespace Lianjie.Core.Followers;

/// <summary>A tag of the dictionary as other modules see it (e.g. to choose tags mirrored to WeChat).</summary>
public sealed record TagDictionaryEntry(long Id, string Name, string? Group, string? Color);

/// <summary>The tag dictionary, read-only, owned by the Tags module.</summary>
public interface ITagDictionary
{
    /// <summary>Every tag, ordered by group then name.</summary>
    Task<IReadOnlyList<TagDictionaryEntry>> ListAsync(CancellationToken cancellationToken = default);
}
