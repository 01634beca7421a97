namespace Lianjie.Workflows.Engine;

public enum WorkflowValidationIssueKind
{
    MissingStartActivity,
    StartActivityIsNotEvent,
    UnknownActivity,
    TransitionFromMissingActivity,
    TransitionToMissingActivity,

    /// <summary>A transition leaves from an outcome the activity cannot produce, so it never fires.</summary>
    DanglingOutcome,
    UnreachableActivity,
    DuplicateActivityId,
}

/// <summary>One problem found in a workflow type, pointing at the activity involved when there is one.</summary>
public sealed record WorkflowValidationIssue(WorkflowValidationIssueKind Kind, string Message, string? ActivityId = null);
