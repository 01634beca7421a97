namespace Lianjie.Followers.Import.Jobs;

public static class ImportJobStatus
{
    /// <summary>Uploaded, columns not confirmed yet.</summary>
    public const string Draft = "draft";
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>
/// One follower import. <see cref="RowsRead"/> counts data rows committed so far, so a restart
/// resumes after the last committed chunk.
/// </summary>
public sealed class ImportJobRecord
{
    public long Id { get; set; }

    public string FileName { get; set; } = string.Empty;

    public string StoredPath { get; set; } = string.Empty;

    public string AccountId { get; set; } = string.Empty;

    /// <summary>Column overrides, one "column=field" per line.</summary>
    public string Map { get; set; } = string.Empty;

    public bool CreateUnknownTags { get; set; }

    public string Status { get; set; } = ImportJobStatus.Draft;

    public long RowsRead { get; set; }

    public long RowsImported { get; set; }

    public long RowsFailed { get; set; }

    public string? Message { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime CreatedUtc { get; set; }

    public DateTime? FinishedUtc { get; set; }

    public IReadOnlyList<string> MapLines => Map.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A rejected row, kept with its original cells so the error file can be written at any time.</summary>
public sealed class ImportJobErrorRecord
{
    public long Id { get; set; }

    public long JobId { get; set; }

    public int RowNumber { get; set; }

    public string Column { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;

    /// <summary>The row's cells as a JSON array of strings.</summary>
    public string Cells { get; set; } = "[]";
}
