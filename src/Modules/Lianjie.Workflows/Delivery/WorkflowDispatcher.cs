using System.Globalization;
using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Workflows.Crm;
using Lianjie.Workflows.Crm.Tasks;
using Lianjie.Workflows.Engine;
using Lianjie.Workflows.Persistence;
using Microsoft.Extensions.Logging;

namespace Lianjie.Workflows.Delivery;

/// <summary>
/// Delivers one behaviour event to the workflows it starts or resumes, inside the caller's
/// transaction. Each run gets a savepoint: a failing run is rolled back alone (its partial effects
/// vanish), recorded for retry with backoff, and never stops the other runs or the reactor.
/// Every delivered (type, position, activity) is recorded, so a replay fires nothing twice.
/// </summary>
public sealed class WorkflowDispatcher(
    DbSession session,
    IWorkflowTypeStore typeStore,
    IWorkflowStore store,
    IWorkflowManager engine,
    ActivityLibrary library,
    FiredTriggers fired,
    PendingLedgerAppends pending,
    TimeProvider clock,
    ILogger<WorkflowDispatcher> logger)
{
    public const int MaxAttempts = 5;

    private readonly Dictionary<string, IReadOnlyList<WorkflowType>> _startsByName = new(StringComparer.Ordinal);

    // Names some instance is blocked on; most events resume nothing, so one query per batch spares one per event.
    private HashSet<string>? _waitingNames;
    private int _savepoints;

    internal DeliveryFailureStore Failures { get; } = new(session);

    /// <summary>Starts collecting task appends; the transaction owner calls <see cref="CompleteAsync"/> before committing.</summary>
    public void Begin() => pending.Begin();

    public Task CompleteAsync(CancellationToken cancellationToken) => pending.FlushAsync(cancellationToken);

    public async Task DeliverAsync(BehaviourEvent e, CancellationToken cancellationToken)
    {
        if (e.FollowerId is not { } followerId)
        {
            return;
        }

        var correlation = followerId.ToString(CultureInfo.InvariantCulture);
        var names = library.Activities.OfType<CrmEventActivity>().Where(a => a.LedgerEventType == e.Type).Select(a => a.Name).ToList();
        foreach (var name in names.Append(nameof(WaitForEventTask)))
        {
            await ResumeWaitingAsync(e, name, correlation, cancellationToken);
        }

        foreach (var name in names)
        {
            await StartAsync(e, name, correlation, cancellationToken);
        }
    }

    private async Task ResumeWaitingAsync(BehaviourEvent e, string name, string correlation, CancellationToken cancellationToken)
    {
        _waitingNames ??= [.. await session.ListAsync("SELECT DISTINCT \"ActivityName\" FROM \"WorkflowBlockingActivities\"", r => r.GetString(0), cancellationToken)];
        if (!_waitingNames.Contains(name))
        {
            return;
        }

        foreach (var instance in await store.FindWaitingOnEventAsync(name, correlation, cancellationToken))
        {
            var type = await typeStore.GetAsync(instance.WorkflowTypeId, cancellationToken);
            if (type is not { IsEnabled: true })
            {
                continue;
            }

            var waiting = instance.BlockingActivities
                .Where(b => b.IsEvent && b.Name == name && !b.IsStart)
                .Where(b => name != nameof(WaitForEventTask) || (type.FindActivity(b.ActivityId) is { } record && WaitForEventTask.Awaits(record, e.Type)))
                .Select(b => b.ActivityId)
                .ToList();
            foreach (var activityId in waiting)
            {
                var target = FiredTriggers.ResumeTarget(instance.WorkflowId, activityId);
                if (instance.Status != WorkflowStatus.Halted || await fired.ExistsAsync(type.WorkflowTypeId, e.Position, target, cancellationToken))
                {
                    continue;
                }

                var snapshot = WorkflowJson.Serialize(instance);
                var version = instance.Version;
                var failure = NewFailure(type.WorkflowTypeId, activityId, e.Position, correlation, CrmEventInput.From(e));
                failure.IsResume = true;
                failure.WorkflowId = instance.WorkflowId;
                failure.Snapshot = snapshot;
                await RunAsync(failure, async () => await engine.ResumeAsync(instance, activityId, CrmEventInput.From(e), cancellationToken), version, cancellationToken);
                await fired.AddAsync(type.WorkflowTypeId, e.Position, target, cancellationToken);
            }
        }
    }

    private async Task StartAsync(BehaviourEvent e, string name, string correlation, CancellationToken cancellationToken)
    {
        if (!_startsByName.TryGetValue(name, out var types))
        {
            types = _startsByName[name] = await typeStore.FindEnabledByStartActivityAsync(name, cancellationToken);
        }

        foreach (var type in types)
        {
            foreach (var start in type.StartActivities.Where(a => a.Name == name))
            {
                if (await fired.ExistsAsync(type.WorkflowTypeId, e.Position, start.ActivityId, cancellationToken))
                {
                    continue;
                }

                var input = CrmEventInput.From(e);
                var failure = NewFailure(type.WorkflowTypeId, start.ActivityId, e.Position, correlation, input);
                await RunAsync(failure, () => engine.StartWorkflowAsync(type, start.ActivityId, CrmEventInput.From(e), correlation, cancellationToken), 0, cancellationToken);
                await fired.AddAsync(type.WorkflowTypeId, e.Position, start.ActivityId, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="type"/> for a past event (a rule applied retroactively), unless it already
    /// fired for that event. The count filter was judged by the dry run, so it is not re-checked.
    /// </summary>
    public async Task<bool> StartRetroactiveAsync(WorkflowType type, BehaviourEvent e, CancellationToken cancellationToken)
    {
        var start = type.StartActivities.FirstOrDefault(a => library.Find(a.Name) is CrmEventActivity crm && crm.LedgerEventType == e.Type);
        if (start is null || e.FollowerId is not { } followerId || await fired.ExistsAsync(type.WorkflowTypeId, e.Position, start.ActivityId, cancellationToken))
        {
            return false;
        }

        var input = CrmEventInput.From(e);
        input[CrmEventInput.Retroactive] = true;
        var correlation = followerId.ToString(CultureInfo.InvariantCulture);
        var failure = NewFailure(type.WorkflowTypeId, start.ActivityId, e.Position, correlation, input);
        var ok = await RunAsync(failure, () => engine.StartWorkflowAsync(type, start.ActivityId, (JsonObject)input.DeepClone(), correlation, cancellationToken), 0, cancellationToken);
        await fired.AddAsync(type.WorkflowTypeId, e.Position, start.ActivityId, cancellationToken);
        return ok;
    }

    /// <summary>Retries a recorded failure (background loop or admin button). True when it now succeeded.</summary>
    public async Task<bool> RetryAsync(DeliveryFailure failure, CancellationToken cancellationToken)
    {
        var type = await typeStore.GetAsync(failure.WorkflowTypeId, cancellationToken);
        if (type is null)
        {
            failure.Status = DeliveryFailureStatus.Parked;
            failure.Error = "The workflow type no longer exists.";
            failure.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
            await Failures.UpdateAsync(failure, cancellationToken);
            return false;
        }

        // The filters (including a count threshold) passed when the event was delivered; don't re-judge them later.
        var input = JsonNode.Parse(failure.Input) as JsonObject ?? [];
        input[CrmEventInput.Retroactive] = true;
        var faultedBefore = failure.WorkflowId;
        if (failure.IsResume)
        {
            var instance = WorkflowJson.Deserialize<WorkflowInstance>(failure.Snapshot ?? throw new InvalidOperationException("A resume failure has no snapshot."));
            instance.Version = (await store.GetAsync(instance.WorkflowId, cancellationToken))?.Version ?? 0;
            return await RunAsync(failure, async () => await engine.ResumeAsync(instance, failure.ActivityId, input, cancellationToken), instance.Version, cancellationToken);
        }

        var succeeded = await RunAsync(failure, () => engine.StartWorkflowAsync(type, failure.ActivityId, input, failure.CorrelationId, cancellationToken), 0, cancellationToken);
        if (succeeded && faultedBefore is not null && faultedBefore != failure.WorkflowId)
        {
            // The faulted attempt is superseded by the successful run.
            await store.DeleteAsync(faultedBefore, cancellationToken);
        }

        return succeeded;
    }

    /// <summary>Runs one start or resume under a savepoint; on failure rolls it back and records or updates <paramref name="failure"/>.</summary>
    private async Task<bool> RunAsync(DeliveryFailure failure, Func<Task<WorkflowInstance?>> run, int versionBefore, CancellationToken cancellationToken)
    {
        var transaction = session.Transaction ?? throw new InvalidOperationException("Workflow deliveries run inside a transaction.");
        var savepoint = "wf_run_" + (++_savepoints).ToString(CultureInfo.InvariantCulture);
        await transaction.SaveAsync(savepoint, cancellationToken);
        var appendsBefore = pending.Count;
        WorkflowInstance? instance = null;
        string? error;
        try
        {
            instance = await run();
            error = instance is { Status: WorkflowStatus.Faulted } ? instance.FaultMessage ?? "Faulted." : null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Workflow type {WorkflowType} failed on ledger position {Position}.", failure.WorkflowTypeId, failure.LedgerPosition);
            error = ex.Message;
        }

        if (instance is { Status: WorkflowStatus.Halted })
        {
            _waitingNames = null;
        }

        if (error is null)
        {
            await transaction.ReleaseAsync(savepoint, cancellationToken);
            if (failure.Id != 0)
            {
                failure.Status = DeliveryFailureStatus.Resolved;
                failure.Error = string.Empty;
                failure.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
                await Failures.UpdateAsync(failure, cancellationToken);
            }

            return true;
        }

        // Undo everything the run did (tags, points, instance saves), then keep the fault visible.
        await transaction.RollbackAsync(savepoint, cancellationToken);
        await transaction.ReleaseAsync(savepoint, cancellationToken);
        pending.TruncateTo(appendsBefore);
        await SaveFaultedAsync(failure, instance, versionBefore, error, cancellationToken);
        return false;
    }

    private async Task SaveFaultedAsync(DeliveryFailure failure, WorkflowInstance? instance, int versionBefore, string error, CancellationToken cancellationToken)
    {
        var faulted = failure.IsResume ? WorkflowJson.Deserialize<WorkflowInstance>(failure.Snapshot!) : instance;
        if (faulted is not null)
        {
            faulted.Status = WorkflowStatus.Faulted;
            faulted.FaultMessage = error;
            faulted.BlockingActivities.Clear();
            faulted.Version = versionBefore;
            faulted.UpdatedUtc = clock.GetUtcNow();
            await store.SaveAsync(faulted, cancellationToken);
            failure.WorkflowId = faulted.WorkflowId;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        failure.Attempts++;
        failure.Error = error;
        failure.UpdatedUtc = now;
        failure.Status = failure.Attempts >= MaxAttempts ? DeliveryFailureStatus.Parked : DeliveryFailureStatus.Retrying;
        failure.NextAttemptUtc = now + Backoff(failure.Attempts);
        if (failure.Id == 0)
        {
            await Failures.AddAsync(failure, cancellationToken);
        }
        else
        {
            await Failures.UpdateAsync(failure, cancellationToken);
        }
    }

    /// <summary>30 s, 2 min, 8 min, 32 min … between attempts.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(30 * Math.Pow(4, Math.Clamp(attempts - 1, 0, 6)));

    private DeliveryFailure NewFailure(string workflowTypeId, string activityId, long position, string correlation, JsonObject input)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DeliveryFailure
        {
            WorkflowTypeId = workflowTypeId,
            ActivityId = activityId,
            LedgerPosition = position,
            CorrelationId = correlation,
            Input = input.ToJsonString(),
            CreatedUtc = now,
            UpdatedUtc = now,
            NextAttemptUtc = now,
        };
    }
}
