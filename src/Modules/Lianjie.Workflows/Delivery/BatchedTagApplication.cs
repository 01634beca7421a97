using Lianjie.Core.Followers;
using Lianjie.Workflows.Crm;
using Lianjie.Workflows.Crm.Tasks;
using Lianjie.Workflows.Engine;
using Lianjie.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Delivery;

/// <summary>
/// Collects the <see cref="AddTagTask"/> effects of an optimistic reactor batch and applies them with
/// <see cref="IFollowerTagService.AddManyAsync"/> (one call per rule) in the reactor's transaction,
/// before the batch's instances are written. Only for workflow types where the task's outcome steers
/// nothing (Done and Refused lead to the same activities, and what follows reads no LastResult): the
/// task reports Done at once and a refusal is written into the run's log and LastResult afterwards.
/// </summary>
public sealed class BatchedTagApplication(IServiceProvider services, IWorkflowStore store)
{
    private readonly List<PendingTags> _pending = [];
    private HashSet<string>? _batchedTypes;

    /// <summary>Activities a batched type may consist of besides its CRM start events: none reads LastResult or halts.</summary>
    private static readonly HashSet<string> BatchableActivities = new(StringComparer.Ordinal) { nameof(AddTagTask), nameof(AddPointsTask) };

    internal int PendingCount => _pending.Count;

    /// <summary>Starts collecting for the enabled types that qualify; none when a type removes tags (order would matter).</summary>
    public void Begin(IEnumerable<WorkflowType> enabled, ActivityLibrary library)
    {
        _pending.Clear();
        var types = enabled.ToList();
        if (services.GetService<IFollowerTagService>() is null || types.Any(t => t.Activities.Any(a => a.Name == nameof(RemoveTagTask))))
        {
            _batchedTypes = null;
            return;
        }

        _batchedTypes = types.Where(t => Qualifies(t, library)).Select(t => t.WorkflowTypeId).ToHashSet(StringComparer.Ordinal);
    }

    public void End()
    {
        _pending.Clear();
        _batchedTypes = null;
    }

    /// <summary>Takes the task's tags for the end of the batch; false when the task must apply them itself.</summary>
    public bool TryDefer(long followerId, IReadOnlyList<string> tags, WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        if (_batchedTypes?.Contains(workflowContext.WorkflowType.WorkflowTypeId) != true)
        {
            return false;
        }

        _pending.Add(new PendingTags(followerId, tags, workflowContext, activityContext.ActivityId));
        return true;
    }

    /// <summary>Applies what was collected, then records refusals on the runs that asked for them.</summary>
    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var tagService = services.GetRequiredService<IFollowerTagService>();
        var refusals = new Dictionary<(long FollowerId, string Tag), RefusedTag>();
        foreach (var byType in _pending.GroupBy(p => p.Run.WorkflowType.WorkflowTypeId, StringComparer.Ordinal))
        {
            var type = byType.First().Run.WorkflowType;
            var assignments = byType.Select(p => new FollowerTagAssignment(p.FollowerId, p.Tags)).ToList();
            var result = await tagService.AddManyAsync(assignments, new TagChangeOrigin("workflow", type.WorkflowTypeId, type.Name), createUnknownTags: false, cancellationToken);
            foreach (var refused in result.Refused)
            {
                refusals[(refused.FollowerId, refused.Tag)] = refused;
            }
        }

        foreach (var pending in _pending)
        {
            var refused = pending.Tags.Select(t => t.Trim()).Where(t => refusals.ContainsKey((pending.FollowerId, t))).Distinct(StringComparer.Ordinal)
                .Select(t => refusals[(pending.FollowerId, t)]).ToList();
            if (refused.Count > 0)
            {
                await RecordRefusalAsync(pending, refused, cancellationToken);
            }
        }

        _pending.Clear();
    }

    private async Task RecordRefusalAsync(PendingTags pending, List<RefusedTag> refused, CancellationToken cancellationToken)
    {
        var run = pending.Run;
        run.LastResult = string.Join("; ", refused.Select(r => $"{r.Tag}: {r.Status} {r.Message}".Trim()));
        var entry = run.Instance.ExecutionLog.LastOrDefault(e => e.ActivityId == pending.ActivityId && e.ActivityName == nameof(AddTagTask));
        if (entry is not null)
        {
            entry.Outcomes = [TagTask.RefusedOutcome];
        }

        var stored = !(run.Instance.Status == WorkflowStatus.Finished && run.WorkflowType.DeleteFinishedWorkflows);
        if (stored && store is DbWorkflowStore db)
        {
            await db.RewriteAsync(run.Instance, cancellationToken);
        }
    }

    private static bool Qualifies(WorkflowType type, ActivityLibrary library) =>
        type.Activities.All(a => (a.IsStart && library.Find(a.Name) is CrmEventActivity) || BatchableActivities.Contains(a.Name))
        && type.Activities.Where(a => a.Name == nameof(AddTagTask)).All(a => SameDestinations(type, a.ActivityId));

    private static bool SameDestinations(WorkflowType type, string activityId) =>
        type.TransitionsFrom(activityId, TagTask.DoneOutcome).Select(t => t.DestinationActivityId).Order(StringComparer.Ordinal)
            .SequenceEqual(type.TransitionsFrom(activityId, TagTask.RefusedOutcome).Select(t => t.DestinationActivityId).Order(StringComparer.Ordinal));

    private sealed record PendingTags(long FollowerId, IReadOnlyList<string> Tags, WorkflowExecutionContext Run, string ActivityId);
}
