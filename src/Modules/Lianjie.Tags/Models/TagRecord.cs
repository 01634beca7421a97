namespace Lianjie.Tags.Models;

/// <summary>A tag in the dictionary. Followers hold it by id, so a rename keeps their tags.</summary>
public sealed class TagRecord
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public long? GroupId { get; set; }

    public string? Color { get; set; }

    public string? Description { get; set; }

    /// <summary>Health information (PIPL): applying it needs the follower's health consent.</summary>
    public bool Sensitive { get; set; }

    /// <summary>Days a follower keeps the tag (e.g. 活跃: 30); null keeps it until removed.</summary>
    public int? ExpiryDays { get; set; }

    public DateTime CreatedUtc { get; set; }
}
