namespace Lianjie.Workflows.Delivery;

public static class DeliveryFailureStatus
{
    /// <summary>Waiting for its next automatic attempt.</summary>
    public const string Retrying = "Retrying";

    /// <summary>Gave up after the last attempt; an admin can retry it.</summary>
    public const string Parked = "Parked";

    public const string Resolved = "Resolved";
}

/// <summary>A start or resume of one workflow by one ledger event that failed, kept for retry.</summary>
public sealed class DeliveryFailure
{
    public long Id { get; set; }

    public string WorkflowTypeId { get; set; } = "";

    /// <summary>The faulted instance (shown in the admin) and, for a resume, the instance to resume.</summary>
    public string? WorkflowId { get; set; }

    public string ActivityId { get; set; } = "";

    public bool IsResume { get; set; }

    public long LedgerPosition { get; set; }

    public string? CorrelationId { get; set; }

    public string Input { get; set; } = "{}";

    /// <summary>For a resume: the instance as it was before the failed run, so a retry starts from the same state.</summary>
    public string? Snapshot { get; set; }

    public int Attempts { get; set; }

    public string Status { get; set; } = DeliveryFailureStatus.Retrying;

    public string Error { get; set; } = "";

    public DateTime NextAttemptUtc { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }
}
