using System.Globalization;
using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Workflows.Counting;
using Lianjie.Workflows.Crm;
using Lianjie.Workflows.Crm.Tasks;
using Lianjie.Workflows.Engine;
using Lianjie.Workflows.Persistence;
using Microsoft.Extensions.Logging;

namespace Lianjie.Workflows.Delivery;

/// <summary>
/// Delivers behaviour events to the workflows they start or resume, inside the caller's transaction.
/// A reactor batch (<see cref="BeginBatchAsync"/>) reads the enabled types, the counters its count
/// filters need and the fired-trigger rows of its positions once, and writes counters, fired rows,
/// finished instances and task appends with multi-row statements at the end.
/// Runs are isolated from each other: in an optimistic batch none has a savepoint, and the first fault
/// abandons the batch (<see cref="OptimisticBatchFaultedException"/>) so the reactor redoes it with
/// one savepoint per run, where a failing run is rolled back alone, recorded for retry with backoff,
/// and never stops the other runs. Every delivered (type, position, activity) is recorded, so a
/// replay fires nothing twice.
/// </summary>
public sealed class WorkflowDispatcher(
    DbSession session,
    IWorkflowTypeStore typeStore,
    IWorkflowStore store,
    IWorkflowManager engine,
    ActivityLibrary library,
    FiredTriggers fired,
    FollowerCounters counters,
    PendingLedgerAppends pending,
    BatchedTagApplication batchedTags,
    TimeProvider clock,
    ILogger<WorkflowDispatcher> logger)
{
    public const int MaxAttempts = 5;

    /// <summary>
    /// The highest ledger position already delivered, kept beside the reactors' checkpoints and moved in
    /// the same transaction. A rebuild replays older positions to recount them but starts nothing for them.
    /// </summary>
    public const string DeliveredMark = "workflows:delivered";

    /// <summary>
    /// Activities whose every effect is a write in the delivery transaction (or nothing), so redoing a
    /// batch after rolling it back repeats nothing outside the database. CRM events count as well.
    /// </summary>
    private static readonly HashSet<string> TransactionalActivities = new(StringComparer.Ordinal)
    {
        "IfElseTask", "ScriptTask", "SetPropertyTask", "CorrelateTask", "ForkTask", "JoinTask", "ForEachTask", "TimerEvent", "LogTask",
        nameof(AddTagTask), nameof(RemoveTagTask), nameof(SetProfileFieldTask), nameof(AddPointsTask), nameof(SendWeChatMessageTask),
        nameof(AddToSegmentListTask), nameof(CountConditionTask), nameof(WaitForEventTask),
    };

    private readonly Dictionary<string, IReadOnlyList<WorkflowType>> _startsByName = new(StringComparer.Ordinal);

    // CRM event activity names per ledger event type; the library is fixed for the shell's lifetime.
    private readonly Dictionary<string, string[]> _eventNamesByType = new(StringComparer.Ordinal);

    // Enabled types by id, read once per batch (null outside a batch: read as needed).
    private Dictionary<string, WorkflowType>? _enabled;

    // Names some instance is blocked on; most events resume nothing, so one query per batch spares one per event.
    private HashSet<string>? _waitingNames;
    private int _savepoints;
    private bool _optimistic;
    private long _deliveredUpTo = -1;
    private long _batchLast;

    internal DeliveryFailureStore Failures { get; } = new(session);

    /// <summary>Starts collecting task appends; the transaction owner calls <see cref="CompleteAsync"/> before committing.</summary>
    public void Begin() => pending.Begin();

    public Task CompleteAsync(CancellationToken cancellationToken) => pending.FlushAsync(cancellationToken);

    /// <summary>
    /// Prepares a reactor batch: enabled types, counters and fired rows read in a few queries.
    /// With <paramref name="optimistic"/>, runs get no savepoints when every enabled type is made of
    /// <see cref="TransactionalActivities"/> only; returns whether the batch runs optimistically.
    /// </summary>
    public async Task<bool> BeginBatchAsync(IReadOnlyList<BehaviourEvent> events, bool optimistic, CancellationToken cancellationToken)
    {
        pending.Begin();
        _startsByName.Clear();
        _waitingNames = null;
        _enabled = (await typeStore.ListAsync(cancellationToken)).Where(t => t.IsEnabled).ToDictionary(t => t.WorkflowTypeId, StringComparer.Ordinal);
        foreach (var group in _enabled.Values.SelectMany(t => t.StartActivities.Select(a => (a.Name, Type: t))).GroupBy(x => x.Name, StringComparer.Ordinal))
        {
            _startsByName[group.Key] = [.. group.Select(x => x.Type).Distinct().OrderBy(t => t.WorkflowTypeId, StringComparer.Ordinal)];
        }

        _optimistic = optimistic && _enabled.Values.All(t => t.Activities.All(a => TransactionalActivities.Contains(a.Name) || library.Find(a.Name) is CrmEventActivity));
        if (_optimistic && store is DbWorkflowStore db)
        {
            db.DeferNewInstanceInserts();
        }

        if (_optimistic)
        {
            batchedTags.Begin(_enabled.Values, library);
        }

        _deliveredUpTo = await LedgerCheckpoints.GetAsync(session, DeliveredMark, cancellationToken);
        _batchLast = events[^1].Position;
        var (keys, window) = CountedKeys(_enabled.Values);
        await counters.BeginBatchAsync(events, keys, window, cancellationToken);
        await fired.BeginBatchAsync(_enabled.Keys, events[0].Position, events[^1].Position, cancellationToken);
        return _optimistic;
    }

    /// <summary>Writes what the batch kept in memory (counters, fired rows, instances, task appends).</summary>
    public async Task CompleteBatchAsync(CancellationToken cancellationToken)
    {
        await counters.CompleteBatchAsync(cancellationToken);
        await fired.CompleteBatchAsync(cancellationToken);
        await ApplyBatchedTagsAsync(cancellationToken);
        if (store is DbWorkflowStore db)
        {
            await db.FlushDeferredAsync(cancellationToken);
            db.AbandonDeferred();
        }

        await pending.FlushAsync(cancellationToken);
        if (_batchLast > _deliveredUpTo)
        {
            await LedgerCheckpoints.SetAsync(session, DeliveredMark, _batchLast, cancellationToken);
        }

        EndBatch();
    }

    /// <summary>Forgets everything the batch kept in memory; the caller rolled its writes back.</summary>
    public void AbandonBatch()
    {
        counters.AbandonBatch();
        fired.AbandonBatch();
        (store as DbWorkflowStore)?.AbandonDeferred();
        pending.TruncateTo(0);
        EndBatch();
    }

    /// <summary>Tags collected from the batch's runs; a failure here abandons the optimistic batch like a faulted run.</summary>
    private async Task ApplyBatchedTagsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await batchedTags.ApplyAsync(cancellationToken);
        }
        catch (Exception ex) when (_optimistic && !cancellationToken.IsCancellationRequested)
        {
            throw new OptimisticBatchFaultedException(ex);
        }
    }

    private void EndBatch()
    {
        batchedTags.End();
        _enabled = null;
        _deliveredUpTo = -1;
        _optimistic = false;
        _waitingNames = null;
        _startsByName.Clear();
    }

    /// <summary>Counter keys read by the enabled types' count filters and count conditions, and the widest window.</summary>
    private (HashSet<string> Keys, int WindowDays) CountedKeys(IEnumerable<WorkflowType> types)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var window = 1;
        foreach (var record in types.SelectMany(t => t.Activities))
        {
            var context = new ActivityContext(record, []);
            if (library.Find(record.Name) is CrmEventActivity crm && record.IsStart && (context.GetNumber(CrmEventActivity.CountProperty) ?? 0) > 1)
            {
                keys.Add(crm.CounterKey(context));
            }
            else if (record.Name == nameof(CountConditionTask) && context.GetString("CounterKey")?.Trim() is { Length: > 0 } key)
            {
                keys.Add(key);
            }
            else
            {
                continue;
            }

            window = Math.Max(window, (int)(context.GetNumber(CrmEventActivity.WithinDaysProperty) ?? 30));
        }

        return (keys, window);
    }

    public Task DeliverAsync(BehaviourEvent e, CancellationToken cancellationToken) => DeliverAsync(e, null, cancellationToken);

    /// <summary>Delivers one event; <paramref name="input"/> is <see cref="CrmEventInput.From"/> of it when the caller built it already (it is not changed).</summary>
    public async Task DeliverAsync(BehaviourEvent e, JsonObject? input, CancellationToken cancellationToken)
    {
        if (e.FollowerId is not { } followerId || e.Position <= _deliveredUpTo)
        {
            return;
        }

        var correlation = followerId.ToString(CultureInfo.InvariantCulture);
        if (!_eventNamesByType.TryGetValue(e.Type, out var names))
        {
            _eventNamesByType[e.Type] = names = [.. library.Activities.OfType<CrmEventActivity>().Where(a => a.LedgerEventType == e.Type).Select(a => a.Name)];
        }

        foreach (var name in names.Append(nameof(WaitForEventTask)))
        {
            await ResumeWaitingAsync(e, name, correlation, cancellationToken);
        }

        foreach (var name in names)
        {
            await StartAsync(e, name, correlation, input ??= CrmEventInput.From(e), cancellationToken);
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
            var type = _enabled is null ? await typeStore.GetAsync(instance.WorkflowTypeId, cancellationToken) : _enabled.GetValueOrDefault(instance.WorkflowTypeId);
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

                var snapshot = WorkflowInstanceJson.Serialize(instance);
                var version = instance.Version;
                var failure = NewFailure(type.WorkflowTypeId, activityId, e.Position, correlation, CrmEventInput.From(e));
                failure.IsResume = true;
                failure.WorkflowId = instance.WorkflowId;
                failure.Snapshot = snapshot;
                await RunAsync(() => failure, false, async () => await engine.ResumeAsync(instance, activityId, CrmEventInput.From(e), cancellationToken), version, cancellationToken);
                await fired.AddAsync(type.WorkflowTypeId, e.Position, target, cancellationToken);
            }
        }
    }

    private async Task StartAsync(BehaviourEvent e, string name, string correlation, JsonObject input, CancellationToken cancellationToken)
    {
        if (!_startsByName.TryGetValue(name, out var types))
        {
            if (_enabled is not null)
            {
                return; // the batch read every enabled type: none starts with this event
            }

            types = _startsByName[name] = await typeStore.FindEnabledByStartActivityAsync(name, cancellationToken);
        }

        var activity = library.Find(name) as CrmEventActivity;
        foreach (var type in types)
        {
            foreach (var start in type.StartActivities.Where(a => a.Name == name))
            {
                if (await fired.ExistsAsync(type.WorkflowTypeId, e.Position, start.ActivityId, cancellationToken))
                {
                    continue;
                }

                // Filters that don't match decline the start in the engine too; judging them here spares building a run.
                if (activity is not null && !activity.MatchesEvent(input, new ActivityContext(start, [])))
                {
                    continue;
                }

                // A declined start (count not reached, singleton busy) leaves no trace: a replay judges it the same way.
                WorkflowInstance? started = null;
                var succeeded = await RunAsync(
                    () => NewFailure(type.WorkflowTypeId, start.ActivityId, e.Position, correlation, CrmEventInput.From(e)),
                    false,
                    async () => started = await engine.StartWorkflowAsync(type, start.ActivityId, input, correlation, cancellationToken),
                    0,
                    cancellationToken);
                if (succeeded && started is null)
                {
                    continue;
                }

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
        var ok = await RunAsync(() => failure, false, () => engine.StartWorkflowAsync(type, start.ActivityId, (JsonObject)input.DeepClone(), correlation, cancellationToken), 0, cancellationToken);
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
            return await RunAsync(() => failure, true, async () => await engine.ResumeAsync(instance, failure.ActivityId, input, cancellationToken), instance.Version, cancellationToken);
        }

        var succeeded = await RunAsync(() => failure, true, () => engine.StartWorkflowAsync(type, failure.ActivityId, input, failure.CorrelationId, cancellationToken), 0, cancellationToken);
        if (succeeded && faultedBefore is not null && faultedBefore != failure.WorkflowId)
        {
            // The faulted attempt is superseded by the successful run.
            await store.DeleteAsync(faultedBefore, cancellationToken);
        }

        return succeeded;
    }

    /// <summary>
    /// Runs one start or resume: under a savepoint, where a failure is rolled back and recorded (or its
    /// record updated when <paramref name="retrying"/>); in an optimistic batch without one, where a
    /// failure abandons the batch instead. <paramref name="failure"/> describes the run, built only when needed.
    /// </summary>
    private async Task<bool> RunAsync(Func<DeliveryFailure> failure, bool retrying, Func<Task<WorkflowInstance?>> run, int versionBefore, CancellationToken cancellationToken)
    {
        if (_optimistic)
        {
            return await RunOptimisticallyAsync(run, cancellationToken);
        }

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
            logger.LogWarning(ex, "Workflow type {WorkflowType} failed on ledger position {Position}.", failure().WorkflowTypeId, failure().LedgerPosition);
            error = ex.Message;
        }

        if (instance is { Status: WorkflowStatus.Halted })
        {
            _waitingNames = null;
        }

        if (error is null)
        {
            await transaction.ReleaseAsync(savepoint, cancellationToken);
            if (retrying)
            {
                var resolved = failure();
                resolved.Status = DeliveryFailureStatus.Resolved;
                resolved.Error = string.Empty;
                resolved.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
                await Failures.UpdateAsync(resolved, cancellationToken);
            }

            return true;
        }

        // Undo everything the run did (tags, points, instance saves), then keep the fault visible.
        await transaction.RollbackAsync(savepoint, cancellationToken);
        await transaction.ReleaseAsync(savepoint, cancellationToken);
        pending.TruncateTo(appendsBefore);
        await SaveFaultedAsync(failure(), instance, versionBefore, error, cancellationToken);
        return false;
    }

    private async Task<bool> RunOptimisticallyAsync(Func<Task<WorkflowInstance?>> run, CancellationToken cancellationToken)
    {
        WorkflowInstance? instance;
        try
        {
            instance = await run();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OptimisticBatchFaultedException(ex);
        }

        switch (instance?.Status)
        {
            case WorkflowStatus.Faulted:
                throw new OptimisticBatchFaultedException(null);
            case WorkflowStatus.Halted:
                _waitingNames = null;
                break;
        }

        return true;
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
