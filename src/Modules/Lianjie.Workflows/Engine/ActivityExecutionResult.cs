namespace Lianjie.Workflows.Engine;

public enum ActivityResultKind
{
    Outcomes,
    Halted,
    Noop,
    Faulted,
}

/// <summary>What an activity tells the engine to do next.</summary>
public sealed class ActivityExecutionResult
{
    private static readonly ActivityExecutionResult NoopResult = new(ActivityResultKind.Noop, [], null, null);

    private ActivityExecutionResult(ActivityResultKind kind, IReadOnlyList<string> outcomeNames, string? faultMessage, DateTimeOffset? resumeAtUtc)
    {
        Kind = kind;
        OutcomeNames = outcomeNames;
        FaultMessage = faultMessage;
        ResumeAtUtc = resumeAtUtc;
    }

    public ActivityResultKind Kind { get; }

    /// <summary>Outcomes whose transitions are followed (only for <see cref="ActivityResultKind.Outcomes"/>).</summary>
    public IReadOnlyList<string> OutcomeNames { get; }

    public string? FaultMessage { get; }

    /// <summary>For timers: when the halted instance becomes due.</summary>
    public DateTimeOffset? ResumeAtUtc { get; }

    public static ActivityExecutionResult Outcomes(params IEnumerable<string> outcomes) =>
        new(ActivityResultKind.Outcomes, [.. outcomes], null, null);

    /// <summary>Stop this branch and wait: the activity becomes blocking until resumed (or due, when <paramref name="resumeAtUtc"/> is set).</summary>
    public static ActivityExecutionResult Halt(DateTimeOffset? resumeAtUtc = null) =>
        new(ActivityResultKind.Halted, [], null, resumeAtUtc);

    /// <summary>Stop this branch without blocking (e.g. a join still waiting for other branches).</summary>
    public static ActivityExecutionResult Noop() => NoopResult;

    /// <summary>Stop the whole instance and mark it faulted with this message.</summary>
    public static ActivityExecutionResult Fault(string message) =>
        new(ActivityResultKind.Faulted, [], message, null);
}
