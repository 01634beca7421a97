using Lianjie.Core.Followers;
using Lianjie.Workflows.Crm;
using Lianjie.Workflows.Crm.Tasks;
using Lianjie.Workflows.Engine;
using Lianjie.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Delivery;

/// <summary>
/// Collects the <see cref="AddTagTask"/> and <see cref="RemoveTagTask"/> effects of an optimistic reactor
/// batch and applies them with one <see cref="IFollowerTagService.ChangeManyAsync"/> in the reactor's
/// transaction, in the order the runs asked for them (event order), before the batch's instances are
/// written. Only for workflow types where the task's outcome steers nothing (Done and Refused lead to the
/// same activities, and what follows reads no LastResult): the task reports Done at once and a refusal is
/// written into the run's log and LastResult afterwards. A tag task that applies its tags itself (a
/// branching workflow) first flushes what is pending for its follower, so the order holds across both paths.
/// </summary>
public sealed class BatchedTagApplication(IServiceProvider services, IWorkflowStore store)
{
    private readonly List<PendingTags> _pending = [];
    private readonly HashSet<long> _pendingFollowers = [];
    private HashSet<string>? _batchedTypes;

    /// <summary>Activities a batched type may consist of besides its CRM start events: none reads LastResult or halts.</summary>
    private static readonly HashSet<string> BatchableActivities = new(StringComparer.Ordinal) { nameof(AddTagTask), nameof(RemoveTagTask), nameof(AddPointsTask) };

    internal int PendingCount => _pending.Count;

    /// <summary>Starts collecting for the enabled types that qualify.</summary>
    public void Begin(IEnumerable<WorkflowType> enabled, ActivityLibrary library)
    {
        _pending.Clear();
        _pendingFollowers.Clear();
        _batchedTypes = services.GetService<IFollowerTagService>() is null
            ? null
            : enabled.Where(t => Qualifies(t, library)).Select(t => t.WorkflowTypeId).ToHashSet(StringComparer.Ordinal);
    }

    public void End()
    {
        _pending.Clear();
        _pendingFollowers.Clear();
        _batchedTypes = null;
    }

    /// <summary>Takes the task's tags for the end of the batch; false when the task must apply them itself.</summary>
    public bool TryDefer(long followerId, IReadOnlyList<string> tags, bool remove, WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        if (_batchedTypes?.Contains(workflowContext.WorkflowType.WorkflowTypeId) != true)
        {
            return false;
        }

        _pending.Add(new PendingTags(followerId, tags, remove, workflowContext, activityContext.ActivityId));
        _pendingFollowers.Add(followerId);
        return true;
    }

    /// <summary>Applies what is pending for one follower now: a tag task is about to change its tags directly.</summary>
    public async Task FlushFollowerAsync(long followerId, CancellationToken cancellationToken)
    {
        if (!_pendingFollowers.Remove(followerId))
        {
            return;
        }

        var mine = _pending.Where(p => p.FollowerId == followerId).ToList();
        _pending.RemoveAll(p => p.FollowerId == followerId);
        await ApplyAsync(mine, cancellationToken);
    }

    /// <summary>Applies what was collected, in order, then records refusals on the runs that asked for them.</summary>
    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var all = _pending.ToList();
        _pending.Clear();
        _pendingFollowers.Clear();
        await ApplyAsync(all, cancellationToken);
    }

    private async Task ApplyAsync(List<PendingTags> pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var tagService = services.GetRequiredService<IFollowerTagService>();
        var requests = pending.Select(p => new FollowerTagChangeRequest(p.FollowerId, p.Tags, p.Remove, Origin(p.Run.WorkflowType))).ToList();
        var results = await tagService.ChangeManyAsync(requests, cancellationToken);
        for (var i = 0; i < pending.Count; i++)
        {
            var refused = results[i].Where(r => !r.Succeeded).ToList();
            if (refused.Count > 0)
            {
                await RecordRefusalAsync(pending[i], refused, cancellationToken);
            }
        }
    }

    private static TagChangeOrigin Origin(WorkflowType type) => new("workflow", type.WorkflowTypeId, type.Name);

    private async Task RecordRefusalAsync(PendingTags pending, List<TagChange> refused, CancellationToken cancellationToken)
    {
        var run = pending.Run;
        run.LastResult = string.Join("; ", refused.Select(r => $"{r.Tag}: {r.Status} {r.Message}".Trim()));
        var taskName = pending.Remove ? nameof(RemoveTagTask) : nameof(AddTagTask);
        var entry = run.Instance.ExecutionLog.LastOrDefault(e => e.ActivityId == pending.ActivityId && e.ActivityName == taskName);
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
        && type.Activities.Where(a => a.Name is nameof(AddTagTask) or nameof(RemoveTagTask)).All(a => SameDestinations(type, a.ActivityId));

    private static bool SameDestinations(WorkflowType type, string activityId) =>
        type.TransitionsFrom(activityId, TagTask.DoneOutcome).Select(t => t.DestinationActivityId).Order(StringComparer.Ordinal)
            .SequenceEqual(type.TransitionsFrom(activityId, TagTask.RefusedOutcome).Select(t => t.DestinationActivityId).Order(StringComparer.Ordinal));

    private sealed record PendingTags(long FollowerId, IReadOnlyList<string> Tags, bool Remove, WorkflowExecutionContext Run, string ActivityId);
}
