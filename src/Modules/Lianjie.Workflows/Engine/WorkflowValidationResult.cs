namespace Lianjie.Workflows.Engine;

public sealed class WorkflowValidationResult(IReadOnlyList<WorkflowValidationIssue> issues, IReadOnlyList<string> unknownActivityNames)
{
    public IReadOnlyList<WorkflowValidationIssue> Issues { get; } = issues;

    /// <summary>Activity names used by the workflow that this site does not provide (e.g. Orchard's "HttpRequestEvent").</summary>
    public IReadOnlyList<string> UnknownActivityNames { get; } = unknownActivityNames;

    public bool IsValid => Issues.Count == 0;

    /// <summary>A workflow with unknown activities may be imported and edited, but must stay disabled.</summary>
    public bool CanBeEnabled => UnknownActivityNames.Count == 0;

    public IEnumerable<WorkflowValidationIssue> OfKind(WorkflowValidationIssueKind kind) => Issues.Where(i => i.Kind == kind);
}
