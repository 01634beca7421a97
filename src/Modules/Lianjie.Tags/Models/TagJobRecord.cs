namespace Lianjie.Tags.Models;

/// <summary>A bulk tagging job, processed in chunks in the background and resumable from <see cref="LastFollowerId"/>.</summary>
public sealed class TagJobRecord
{
    public long Id { get; set; }

    /// <summary>See <see cref="TagJobKinds"/>.</summary>
    public string Kind { get; set; } = TagJobKinds.Add;

    public string Tag { get; set; } = string.Empty;

    /// <summary>A serialized FollowerFilter, or null when <see cref="FollowerIds"/> lists a selection.</summary>
    public string? Filter { get; set; }

    /// <summary>A JSON array of follower ids (a selection).</summary>
    public string? FollowerIds { get; set; }

    /// <summary>-1 until the runner has counted the followers.</summary>
    public int Total { get; set; } = -1;

    public int Done { get; set; }

    public int Refused { get; set; }

    public string Status { get; set; } = TagJobStatuses.Queued;

    public long LastFollowerId { get; set; }

    public string? By { get; set; }

    public string? Message { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }
}

public static class TagJobKinds
{
    public const string Add = "add";
    public const string Remove = "remove";

    /// <summary>Removes the tag from every follower, then deletes it from the dictionary.</summary>
    public const string Delete = "delete";
}

public static class TagJobStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
