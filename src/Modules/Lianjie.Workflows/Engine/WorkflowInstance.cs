namespace Lianjie.Workflows.Engine;

/// <summary>One run of a workflow type. Fully JSON-serializable so any store can persist it as a document.</summary>
public sealed class WorkflowInstance
{
    public string WorkflowId { get; set; } = "";

    public string WorkflowTypeId { get; set; } = "";

    public WorkflowStatus Status { get; set; } = WorkflowStatus.Idle;

    /// <summary>Ties the instance to a business object (e.g. a follower's OpenId) so events resume the right run.</summary>
    public string? CorrelationId { get; set; }

    public WorkflowState State { get; set; } = new();

    public List<BlockingActivity> BlockingActivities { get; set; } = [];

    public List<ExecutionLogEntry> ExecutionLog { get; set; } = [];

    public string? FaultMessage { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    public DateTimeOffset? UpdatedUtc { get; set; }

    /// <summary>Row version for optimistic concurrency; kept by the database store, not part of the document.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Version { get; set; }

    /// <summary>
    /// Correlation rule used by stores: an instance without a correlation id reacts to any event;
    /// a correlated instance only reacts to events carrying the same id (one follower never resumes another's run).
    /// </summary>
    public bool MatchesCorrelation(string? correlationId) =>
        string.IsNullOrEmpty(CorrelationId) || string.Equals(CorrelationId, correlationId, StringComparison.Ordinal);

    public bool IsActive => Status is WorkflowStatus.Starting or WorkflowStatus.Resuming
        or WorkflowStatus.Executing or WorkflowStatus.Halted;
}
