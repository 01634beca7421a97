using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lianjie.Workflows.Engine;

/// <summary>
/// Starts, resumes and runs workflow instances. Stateless apart from its dependencies, so a new engine
/// over the same stores continues where a previous one (or a previous process) stopped.
/// </summary>
public sealed partial class WorkflowEngine(
    IWorkflowTypeStore typeStore,
    IWorkflowStore store,
    ActivityLibrary library,
    IOptions<WorkflowOptions> options,
    TimeProvider timeProvider,
    ILogger<WorkflowEngine> logger) : IWorkflowManager
{
    private readonly WorkflowOptions _options = options.Value;

    public async Task<IReadOnlyList<WorkflowInstance>> TriggerEventAsync(string eventName, JsonObject? input = null, string? correlationId = null, CancellationToken cancellationToken = default)
    {
        var touched = new List<WorkflowInstance>();
        var types = new Dictionary<string, WorkflowType?>(StringComparer.Ordinal);

        // Resume first: an instance started below must not be resumed by the very event that started it.
        foreach (var instance in await store.FindWaitingOnEventAsync(eventName, correlationId, cancellationToken))
        {
            if (!types.TryGetValue(instance.WorkflowTypeId, out var type))
            {
                type = types[instance.WorkflowTypeId] = await typeStore.GetAsync(instance.WorkflowTypeId, cancellationToken);
            }

            if (type is not { IsEnabled: true })
            {
                continue;
            }

            // Timer-blocked activities are resumed by ProcessTimersAsync only, never by a same-named event.
            var waitingOn = instance.BlockingActivities
                .Where(b => b.IsEvent && b.Name == eventName && b.DueUtc is null)
                .Select(b => b.ActivityId)
                .ToList();
            foreach (var activityId in waitingOn.TakeWhile(_ => instance.Status == WorkflowStatus.Halted))
            {
                await IsolateAsync(instance.WorkflowId, () => ResumeCoreAsync(instance, type, activityId, input, cancellationToken), cancellationToken);
            }

            if (waitingOn.Count > 0)
            {
                touched.Add(instance);
            }
        }

        foreach (var type in await typeStore.FindEnabledByStartActivityAsync(eventName, cancellationToken))
        {
            var starts = type.StartActivities.Where(a => a.Name == eventName && library.Find(a.Name) is not IScheduledEvent);
            foreach (var start in starts)
            {
                WorkflowInstance? started = null;
                await IsolateAsync(type.WorkflowTypeId, async () => started = await StartWorkflowAsync(type, start.ActivityId, input, correlationId, cancellationToken), cancellationToken);
                if (started is not null)
                {
                    touched.Add(started);
                }
            }
        }

        return touched;
    }

    public async Task<WorkflowInstance?> StartWorkflowAsync(WorkflowType workflowType, string? startActivityId = null, JsonObject? input = null, string? correlationId = null, CancellationToken cancellationToken = default)
    {
        var start = (startActivityId is null ? workflowType.StartActivities.FirstOrDefault() : workflowType.FindActivity(startActivityId))
            ?? throw new ArgumentException($"Workflow type '{workflowType.Name}' has no start activity '{startActivityId}'.", nameof(startActivityId));

        var unknown = library.FindUnknownActivityNames(workflowType);
        if (unknown.Count > 0)
        {
            logger.LogWarning("Workflow type {WorkflowType} not started: unknown activities {Activities}.", workflowType.Name, string.Join(", ", unknown));
            return null;
        }

        if (workflowType.IsSingleton && await store.HasActiveInstanceAsync(workflowType.WorkflowTypeId, cancellationToken))
        {
            return null;
        }

        var instance = NewInstance(workflowType, correlationId);
        instance.State.Input = input?.DeepClone() as JsonObject ?? [];
        instance.Status = WorkflowStatus.Starting;
        var context = new WorkflowExecutionContext(workflowType, instance, cancellationToken);
        var started = await RunAsync(context, start, RunEntry.Start);
        return started ? instance : null;
    }

    public async Task<WorkflowInstance> ResumeAsync(WorkflowInstance instance, string activityId, JsonObject? input = null, CancellationToken cancellationToken = default)
    {
        var type = await typeStore.GetAsync(instance.WorkflowTypeId, cancellationToken);
        await ResumeCoreAsync(instance, type, activityId, input, cancellationToken);
        return instance;
    }

    public async Task<IReadOnlyList<WorkflowInstance>> ProcessTimersAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var resumed = new List<WorkflowInstance>();
        foreach (var instance in await store.FindDueTimersAsync(now, cancellationToken))
        {
            var type = await typeStore.GetAsync(instance.WorkflowTypeId, cancellationToken);
            if (type is not { IsEnabled: true })
            {
                continue;
            }

            var due = instance.BlockingActivities.Where(b => b.DueUtc <= now).Select(b => b.ActivityId).ToList();
            foreach (var activityId in due.TakeWhile(_ => instance.Status == WorkflowStatus.Halted))
            {
                await IsolateAsync(instance.WorkflowId, () => ResumeCoreAsync(instance, type, activityId, null, cancellationToken), cancellationToken);
            }

            resumed.Add(instance);
        }

        // After firing, make sure every start timer has its next pending instance.
        await SchedulePendingStartTimersAsync(now, cancellationToken);
        return resumed;
    }

    private async Task ResumeCoreAsync(WorkflowInstance instance, WorkflowType? type, string activityId, JsonObject? input, CancellationToken cancellationToken)
    {
        if (instance.Status != WorkflowStatus.Halted)
        {
            throw new InvalidOperationException($"Workflow {instance.WorkflowId} is {instance.Status}; only halted workflows can be resumed.");
        }

        var blocking = instance.BlockingActivities.FirstOrDefault(b => b.ActivityId == activityId)
            ?? throw new InvalidOperationException($"Workflow {instance.WorkflowId} is not waiting on activity '{activityId}'.");

        var record = type?.FindActivity(activityId);
        if (type is null || record is null)
        {
            instance.Status = WorkflowStatus.Faulted;
            instance.FaultMessage = type is null
                ? $"Workflow type '{instance.WorkflowTypeId}' no longer exists."
                : $"Activity '{activityId}' was removed from workflow type '{type.Name}'.";
            await store.SaveAsync(instance, cancellationToken);
            return;
        }

        foreach (var (key, value) in input ?? [])
        {
            instance.State.Input[key] = value?.DeepClone();
        }

        instance.BlockingActivities.Remove(blocking);
        instance.Status = WorkflowStatus.Resuming;
        await RunAsync(new WorkflowExecutionContext(type, instance, cancellationToken), record, RunEntry.Resume);
    }

    private async Task SchedulePendingStartTimersAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var type in (await typeStore.ListAsync(cancellationToken)).Where(t => t.IsEnabled))
        {
            foreach (var start in type.StartActivities)
            {
                if (library.Find(start.Name) is not IScheduledEvent scheduled || library.FindUnknownActivityNames(type).Count > 0)
                {
                    continue;
                }

                var existing = await store.ListByTypeAsync(type.WorkflowTypeId, cancellationToken);
                var alreadyPending = existing.Any(i => i.Status == WorkflowStatus.Halted
                    && i.BlockingActivities.Any(b => b.ActivityId == start.ActivityId && b.IsStart));
                if (alreadyPending || (type.IsSingleton && existing.Any(i => i.IsActive)))
                {
                    continue;
                }

                var instance = NewInstance(type, correlationId: null);
                var due = scheduled.GetNextDueUtc(new ActivityContext(start, []), now);
                if (due is null)
                {
                    continue;
                }

                instance.Status = WorkflowStatus.Halted;
                instance.BlockingActivities.Add(new BlockingActivity
                {
                    ActivityId = start.ActivityId,
                    Name = start.Name,
                    IsEvent = true,
                    IsStart = true,
                    DueUtc = due,
                });
                await store.SaveAsync(instance, cancellationToken);
            }
        }
    }

    // Time-ordered ids (UUID v7): rules keep one finished instance per firing, and random ids made each
    // of a reactor batch's 2,000 inserts dirty a different page of the primary-key index.
    private WorkflowInstance NewInstance(WorkflowType type, string? correlationId) => new()
    {
        WorkflowId = Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("n"),
        WorkflowTypeId = type.WorkflowTypeId,
        CorrelationId = correlationId,
        CreatedUtc = timeProvider.GetUtcNow(),
    };

    // Keeps one broken instance (store error, bad data) from stopping the others handled by the same call.
    private async Task IsolateAsync(string id, Func<Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Workflow {Id} could not be processed.", id);
        }
    }
}
