using Lianjie.Core.Followers;
using Lianjie.Workflows.Delivery;
using Lianjie.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Crm.Tasks;

/// <summary>Adds "Tags" to the follower through the Tags module. Refused when a tag was refused (consent, limit, unknown) or tags are unavailable.</summary>
public sealed class AddTagTask(IServiceProvider services) : TagTask(services)
{
    public override string Name => nameof(AddTagTask);

    protected override Task<TagChange> ChangeAsync(IFollowerTagService tags, long followerId, string tag, TagChangeOrigin origin, CancellationToken cancellationToken) =>
        tags.AddAsync(followerId, tag, origin, cancellationToken);
}

public sealed class RemoveTagTask(IServiceProvider services) : TagTask(services)
{
    public override string Name => nameof(RemoveTagTask);

    protected override Task<TagChange> ChangeAsync(IFollowerTagService tags, long followerId, string tag, TagChangeOrigin origin, CancellationToken cancellationToken) =>
        tags.RemoveAsync(followerId, tag, origin, cancellationToken);
}

public abstract class TagTask(IServiceProvider services) : CrmTask
{
    public const string DoneOutcome = "Done";
    public const string RefusedOutcome = "Refused";

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => [DoneOutcome, RefusedOutcome];

    protected abstract Task<TagChange> ChangeAsync(IFollowerTagService tags, long followerId, string tag, TagChangeOrigin origin, CancellationToken cancellationToken);

    protected override async ValueTask<ActivityExecutionResult> ExecuteForAsync(long followerId, WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        // Optional contract: the Tags module may be disabled on this site.
        var tags = services.GetService<IFollowerTagService>();
        if (tags is null)
        {
            workflowContext.LastResult = "Tags are not available on this site.";
            return Outcomes(RefusedOutcome);
        }

        var batch = services.GetService<BatchedTagApplication>();
        if (batch is not null && batch.TryDefer(followerId, activityContext.GetStringList("Tags"), this is RemoveTagTask, workflowContext, activityContext))
        {
            // Applied with the rest of the reactor batch; a refusal is recorded on this run then.
            workflowContext.LastResult = null;
            return Outcomes(DoneOutcome);
        }

        if (batch is not null)
        {
            // Tags deferred earlier in the batch for this follower come first: changes land in event order.
            await batch.FlushFollowerAsync(followerId, workflowContext.CancellationToken);
        }

        var origin = new TagChangeOrigin("workflow", workflowContext.WorkflowType.WorkflowTypeId, workflowContext.WorkflowType.Name);
        var refused = new List<string>();
        foreach (var tag in activityContext.GetStringList("Tags"))
        {
            var change = await ChangeAsync(tags, followerId, tag, origin, workflowContext.CancellationToken);
            if (!change.Succeeded)
            {
                refused.Add($"{tag}: {change.Status} {change.Message}".Trim());
            }
        }

        workflowContext.LastResult = refused.Count == 0 ? null : string.Join("; ", refused);
        return Outcomes(refused.Count == 0 ? DoneOutcome : RefusedOutcome);
    }
}
