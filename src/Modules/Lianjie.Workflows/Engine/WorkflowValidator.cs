namespace Lianjie.Workflows.Engine;

/// <summary>Checks a workflow type against the activities this site provides.</summary>
public sealed class WorkflowValidator(ActivityLibrary library)
{
    public WorkflowValidationResult Validate(WorkflowType workflowType)
    {
        var issues = new List<WorkflowValidationIssue>();
        var activities = new Dictionary<string, ActivityRecord>(StringComparer.Ordinal);
        foreach (var activity in workflowType.Activities)
        {
            if (!activities.TryAdd(activity.ActivityId, activity))
            {
                issues.Add(new(WorkflowValidationIssueKind.DuplicateActivityId, $"Activity id '{activity.ActivityId}' is used more than once.", activity.ActivityId));
            }
        }

        var unknown = library.FindUnknownActivityNames(workflowType);
        foreach (var activity in workflowType.Activities.Where(a => !library.Contains(a.Name)))
        {
            issues.Add(new(WorkflowValidationIssueKind.UnknownActivity, $"Activity '{activity.Name}' is not available on this site.", activity.ActivityId));
        }

        CheckStarts(workflowType, issues);
        CheckTransitions(workflowType, activities, issues);
        CheckReachability(workflowType, issues);
        return new WorkflowValidationResult(issues, unknown);
    }

    /// <summary>
    /// Prepares an imported type: validates it and switches it off when it uses unknown activities,
    /// so it can be stored and fixed later but never runs half-understood.
    /// </summary>
    public WorkflowValidationResult PrepareForImport(WorkflowType workflowType)
    {
        var result = Validate(workflowType);
        if (!result.CanBeEnabled)
        {
            workflowType.IsEnabled = false;
        }

        return result;
    }

    public bool CanBeEnabled(WorkflowType workflowType) => library.FindUnknownActivityNames(workflowType).Count == 0;

    private void CheckStarts(WorkflowType workflowType, List<WorkflowValidationIssue> issues)
    {
        if (!workflowType.StartActivities.Any())
        {
            issues.Add(new(WorkflowValidationIssueKind.MissingStartActivity, "The workflow has no start activity, so nothing can start it."));
        }

        foreach (var start in workflowType.StartActivities)
        {
            if (library.Find(start.Name) is { IsEvent: false })
            {
                issues.Add(new(WorkflowValidationIssueKind.StartActivityIsNotEvent, $"Start activity '{start.Name}' is not an event and cannot be triggered.", start.ActivityId));
            }
        }
    }

    private void CheckTransitions(WorkflowType workflowType, Dictionary<string, ActivityRecord> activities, List<WorkflowValidationIssue> issues)
    {
        foreach (var transition in workflowType.Transitions)
        {
            if (!activities.ContainsKey(transition.DestinationActivityId))
            {
                issues.Add(new(WorkflowValidationIssueKind.TransitionToMissingActivity,
                    $"A transition from '{transition.SourceActivityId}' ({transition.SourceOutcomeName}) points to missing activity '{transition.DestinationActivityId}'.",
                    transition.SourceActivityId));
            }

            if (!activities.TryGetValue(transition.SourceActivityId, out var source))
            {
                issues.Add(new(WorkflowValidationIssueKind.TransitionFromMissingActivity,
                    $"A transition starts at missing activity '{transition.SourceActivityId}'.", transition.DestinationActivityId));
                continue;
            }

            // Unknown activities are reported once above; their outcomes cannot be checked.
            if (library.Find(source.Name) is { } activity)
            {
                var outcomes = activity.GetPossibleOutcomes(new ActivityContext(source, []));
                if (!outcomes.Contains(transition.SourceOutcomeName, StringComparer.Ordinal))
                {
                    issues.Add(new(WorkflowValidationIssueKind.DanglingOutcome,
                        $"Activity '{source.Name}' has no outcome '{transition.SourceOutcomeName}'; its transition can never fire.", source.ActivityId));
                }
            }
        }
    }

    private static void CheckReachability(WorkflowType workflowType, List<WorkflowValidationIssue> issues)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(workflowType.StartActivities.Select(a => a.ActivityId));
        while (pending.TryPop(out var id))
        {
            if (!reached.Add(id))
            {
                continue;
            }

            foreach (var transition in workflowType.Transitions.Where(t => t.SourceActivityId == id))
            {
                pending.Push(transition.DestinationActivityId);
            }
        }

        foreach (var activity in workflowType.Activities.Where(a => !reached.Contains(a.ActivityId)))
        {
            issues.Add(new(WorkflowValidationIssueKind.UnreachableActivity,
                $"Activity '{activity.Name}' ({activity.ActivityId}) cannot be reached from any start activity.", activity.ActivityId));
        }
    }
}
