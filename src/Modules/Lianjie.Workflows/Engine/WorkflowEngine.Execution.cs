using Microsoft.Extensions.Logging;

namespace Lianjie.Workflows.Engine;

public sealed partial class WorkflowEngine
{
    private enum RunEntry
    {
        Start,
        Resume,
    }

    private readonly record struct ScheduledActivity(ActivityRecord Record, Transition? Via, bool IsEntry);

    /// <summary>Runs activities until every branch finished, halted or the instance faulted; then persists. False when a start was declined.</summary>
    private async Task<bool> RunAsync(WorkflowExecutionContext context, ActivityRecord entry, RunEntry entryKind)
    {
        var instance = context.Instance;
        var queue = new Queue<ScheduledActivity>();
        queue.Enqueue(new(entry, null, true));
        instance.Status = WorkflowStatus.Executing;
        var steps = 0;

        while (instance.Status == WorkflowStatus.Executing && queue.TryDequeue(out var item))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (++steps > _options.MaxStepsPerRun)
            {
                Fault(instance, $"Workflow stopped after {_options.MaxStepsPerRun} activity executions in one run (infinite loop?). Next activity was '{item.Record.Name}' ({item.Record.ActivityId}).");
                break;
            }

            var activity = library.Find(item.Record.Name);
            if (activity is null)
            {
                Fault(instance, $"Activity '{item.Record.Name}' ({item.Record.ActivityId}) is not available on this site.");
                break;
            }

            var result = await ExecuteActivityAsync(context, activity, item, entryKind);
            if (result is null)
            {
                // A start event declined (CanExecute false): nothing was started, nothing is stored.
                return false;
            }

            AppendLog(instance, item.Record, result);
            switch (result.Kind)
            {
                case ActivityResultKind.Outcomes:
                    ScheduleNext(context, item.Record, result, queue);
                    break;
                case ActivityResultKind.Halted:
                    Block(instance, item.Record, activity, result);
                    break;
                case ActivityResultKind.Faulted:
                    Fault(instance, $"Activity '{item.Record.Name}' ({item.Record.ActivityId}) faulted: {result.FaultMessage}");
                    break;
            }
        }

        await CompleteRunAsync(context, entryKind);
        return true;
    }

    private async Task<ActivityExecutionResult?> ExecuteActivityAsync(WorkflowExecutionContext context, IActivity activity, ScheduledActivity item, RunEntry entryKind)
    {
        var activityContext = new ActivityContext(item.Record, context.GetActivityState(item.Record.ActivityId), item.Via);
        try
        {
            if (!await activity.CanExecuteAsync(context, activityContext))
            {
                return (item.IsEntry, entryKind) switch
                {
                    (true, RunEntry.Start) => null,

                    // The awaited event occurred but does not apply (e.g. wrong keyword): keep waiting.
                    (true, RunEntry.Resume) => ActivityExecutionResult.Halt(),
                    _ => ActivityExecutionResult.Noop(),
                };
            }

            return item.IsEntry && activity.IsEvent
                ? await activity.ResumeAsync(context, activityContext)
                : await activity.ExecuteAsync(context, activityContext);
        }
        catch (Exception ex) when (!context.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Activity {Activity} ({ActivityId}) failed in workflow {WorkflowId}.", item.Record.Name, item.Record.ActivityId, context.WorkflowId);
            return ActivityExecutionResult.Fault(ex.Message);
        }
    }

    private static void ScheduleNext(WorkflowExecutionContext context, ActivityRecord source, ActivityExecutionResult result, Queue<ScheduledActivity> queue)
    {
        foreach (var outcome in result.OutcomeNames)
        {
            foreach (var transition in context.WorkflowType.TransitionsFrom(source.ActivityId, outcome))
            {
                var destination = context.WorkflowType.FindActivity(transition.DestinationActivityId);
                if (destination is null)
                {
                    Fault(context.Instance, $"Transition from '{source.Name}' ({source.ActivityId}) outcome '{outcome}' points to missing activity '{transition.DestinationActivityId}'.");
                    return;
                }

                queue.Enqueue(new(destination, transition, false));
            }
        }
    }

    private static void Block(WorkflowInstance instance, ActivityRecord record, IActivity activity, ActivityExecutionResult result)
    {
        instance.BlockingActivities.RemoveAll(b => b.ActivityId == record.ActivityId);
        instance.BlockingActivities.Add(new BlockingActivity
        {
            ActivityId = record.ActivityId,
            Name = record.Name,
            IsEvent = activity.IsEvent,
            IsStart = record.IsStart,
            DueUtc = result.ResumeAtUtc,
        });
    }

    private static void Fault(WorkflowInstance instance, string message)
    {
        instance.Status = WorkflowStatus.Faulted;
        instance.FaultMessage = message;
    }

    private void AppendLog(WorkflowInstance instance, ActivityRecord record, ActivityExecutionResult result)
    {
        instance.ExecutionLog.Add(new ExecutionLogEntry
        {
            ActivityId = record.ActivityId,
            ActivityName = record.Name,
            Result = result.Kind,
            Outcomes = [.. result.OutcomeNames],
            ExecutedUtc = timeProvider.GetUtcNow(),
        });

        var excess = instance.ExecutionLog.Count - _options.MaxExecutionLogEntries;
        if (excess > 0)
        {
            instance.ExecutionLog.RemoveRange(0, excess);
        }
    }

    private async Task CompleteRunAsync(WorkflowExecutionContext context, RunEntry entryKind)
    {
        var instance = context.Instance;
        if (instance.Status == WorkflowStatus.Executing)
        {
            instance.Status = instance.BlockingActivities.Count > 0 ? WorkflowStatus.Halted : WorkflowStatus.Finished;
        }

        foreach (var emptyState in instance.State.ActivityStates.Where(s => s.Value.Count == 0).Select(s => s.Key).ToList())
        {
            instance.State.ActivityStates.Remove(emptyState);
        }

        instance.UpdatedUtc = timeProvider.GetUtcNow();
        if (instance.Status == WorkflowStatus.Finished && context.WorkflowType.DeleteFinishedWorkflows)
        {
            // A run that finished in the run that started it was never stored: nothing to write, nothing to delete.
            if (entryKind == RunEntry.Resume)
            {
                await store.DeleteAsync(instance.WorkflowId, context.CancellationToken);
            }
        }
        else
        {
            await store.SaveAsync(instance, context.CancellationToken);
        }
    }
}
