namespace Lianjie.Tags.Models;

/// <summary>A family of tags, e.g. 身份: exclusive groups keep at most one of their tags per follower.</summary>
public sealed class TagGroupRecord
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    /// <summary>Applying one tag of the group removes the follower's other tags of the group.</summary>
    public bool Exclusive { get; set; }

    public int? MaxPerFollower { get; set; }
}
