namespace Lianjie.Workflows.Engine;

/// <summary>Limits that keep a misbehaving workflow from hurting the site. Bound from configuration by the host.</summary>
public sealed class WorkflowOptions
{
    /// <summary>Activity executions allowed in one run (start or resume) before the instance is faulted as a runaway loop.</summary>
    public int MaxStepsPerRun { get; set; } = 1000;

    /// <summary>Execution log entries kept per instance (oldest are dropped), so long loops don't bloat storage.</summary>
    public int MaxExecutionLogEntries { get; set; } = 500;

    public TimeSpan ScriptTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public long ScriptMemoryLimitBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Backstop for tight loops; set high enough that the timeout usually fires first.</summary>
    public int ScriptMaxStatements { get; set; } = 50_000_000;

    public int ScriptRecursionLimit { get; set; } = 64;

    /// <summary>
    /// How long finished instances stay in the history before <c>FinishedWorkflowTrimmer</c> deletes them
    /// (configuration <c>Workflows:FinishedInstanceRetentionDays</c>; 0 keeps them forever). Tag rules
    /// keep one finished instance per firing, so without a limit the history grows with every event.
    /// </summary>
    public TimeSpan FinishedInstanceRetention { get; set; } = TimeSpan.FromDays(DefaultRetentionDays);

    public const int DefaultRetentionDays = 90;

    /// <summary>Fluid render steps allowed per template (stops runaway Liquid loops).</summary>
    public int LiquidMaxSteps { get; set; } = 100_000;
}
