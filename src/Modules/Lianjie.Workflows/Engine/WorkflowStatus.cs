namespace Lianjie.Workflows.Engine;

public enum WorkflowStatus
{
    Idle,
    Starting,
    Resuming,
    Executing,

    /// <summary>Waiting on one or more blocking activities (events or timers).</summary>
    Halted,
    Finished,
    Faulted,
    Aborted,
}
