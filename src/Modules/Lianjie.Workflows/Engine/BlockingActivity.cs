namespace Lianjie.Workflows.Engine;

/// <summary>An activity a halted instance is waiting on.</summary>
public sealed class BlockingActivity
{
    public string ActivityId { get; set; } = "";

    public string Name { get; set; } = "";

    public bool IsEvent { get; set; }

    public bool IsStart { get; set; }

    /// <summary>For timers: when the instance should be resumed. Stores index this for <see cref="IWorkflowStore.FindDueTimersAsync"/>.</summary>
    public DateTimeOffset? DueUtc { get; set; }
}
