namespace Lianjie.Workflows.Engine;

public enum ScriptFailureKind
{
    Error,
    Timeout,
    MemoryLimit,
    StatementLimit,
    RecursionLimit,
}

/// <summary>A workflow script failed; the message is meant for the workflow's fault message.</summary>
public sealed class WorkflowScriptException(ScriptFailureKind kind, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public ScriptFailureKind Kind { get; } = kind;
}
