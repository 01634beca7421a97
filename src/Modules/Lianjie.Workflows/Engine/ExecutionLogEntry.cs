namespace Lianjie.Workflows.Engine;

/// <summary>Audit trail of one activity execution inside an instance.</summary>
public sealed class ExecutionLogEntry
{
    public string ActivityId { get; set; } = "";

    public string ActivityName { get; set; } = "";

    public ActivityResultKind Result { get; set; }

    public List<string> Outcomes { get; set; } = [];

    public DateTimeOffset ExecutedUtc { get; set; }
}
