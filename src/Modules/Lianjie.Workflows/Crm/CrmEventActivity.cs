using System.Text.Json.Nodes;
using Lianjie.Workflows.Counting;
using Lianjie.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Crm;

/// <summary>
/// An event raised by one behaviour event type. Filters come from the activity's properties; an
/// optional count filter ("Count" N within "WithinDays" D) makes it fire only when this event brings
/// the follower's counter for <see cref="CounterKey"/> to exactly N, so a rule fires once per threshold crossing.
/// </summary>
public abstract class CrmEventActivity(IServiceProvider services) : EventActivity
{
    public const string CountProperty = "Count";
    public const string WithinDaysProperty = "WithinDays";

    /// <summary>The ledger event type (see BehaviourEventTypes) that raises this activity.</summary>
    public abstract string LedgerEventType { get; }

    public override string Category => "CRM events";

    public override async ValueTask<bool> CanExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var input = workflowContext.Input;
        if (!string.Equals(CrmEventInput.Text(input[CrmEventInput.EventType]), LedgerEventType, StringComparison.Ordinal)
            || !Matches(input, CrmEventInput.GetPayload(input), activityContext))
        {
            return false;
        }

        return await CountReachedAsync(input, activityContext, workflowContext.CancellationToken);
    }

    /// <summary>The event-specific filters (scene, keyword, tag …); empty properties match everything.</summary>
    public abstract bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext);

    /// <summary>The counter the count filter reads; by default all events of the type.</summary>
    public virtual string CounterKey(ActivityContext activityContext) => LedgerEventType;

    /// <summary>True when this activity's filters match the event; used by dry runs over the ledger (no count check).</summary>
    public bool MatchesEvent(JsonObject input, ActivityContext activityContext) =>
        string.Equals(CrmEventInput.Text(input[CrmEventInput.EventType]), LedgerEventType, StringComparison.Ordinal)
        && Matches(input, CrmEventInput.GetPayload(input), activityContext);

    private async ValueTask<bool> CountReachedAsync(JsonObject input, ActivityContext activityContext, CancellationToken cancellationToken)
    {
        var required = (int)(activityContext.GetNumber(CountProperty) ?? 0);
        if (required <= 1 || CrmEventInput.IsRetroactive(input))
        {
            return true;
        }

        if (CrmEventInput.GetFollowerId(input) is not { } followerId)
        {
            return false;
        }

        var days = (int)(activityContext.GetNumber(WithinDaysProperty) ?? 30);
        var until = CrmEventInput.GetOccurredUtc(input) ?? DateTime.UtcNow;
        var counters = services.GetRequiredService<FollowerCounters>();

        // The reactor counted this event before delivering it: "reach" means exactly N now.
        return await counters.CountAsync(followerId, CounterKey(activityContext), days, until, cancellationToken) == required;
    }

    protected static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    /// <summary>True when the filter is empty or one of the values equals it.</summary>
    protected static bool AnyEquals(string? filter, IEnumerable<string?> values) =>
        IsBlank(filter) || values.Any(v => string.Equals(v, filter!.Trim(), StringComparison.Ordinal));
}
