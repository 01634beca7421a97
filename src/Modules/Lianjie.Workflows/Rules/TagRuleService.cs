using System.Globalization;
using System.Text.Json.Nodes;
using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Workflows.Counting;
using Lianjie.Workflows.Crm;
using Lianjie.Workflows.Delivery;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Rules;

/// <summary>How many followers a rule would have fired for over the ledger so far, and for which events.</summary>
public sealed record DryRunResult(int Followers, int EventsScanned, IReadOnlyList<BehaviourEvent> Qualifying);

/// <summary>Saves tag rules, and replays their condition over past ledger events (dry run, retroactive apply).</summary>
public sealed class TagRuleService(
    IWorkflowTypeStore types,
    IBehaviourLedger ledger,
    ActivityLibrary library,
    WorkflowDispatcher dispatcher,
    DbSession session,
    AuditLog audit)
{
    private const int PageSize = 1000;

    public IReadOnlyList<CrmEventActivity> Events => [.. library.Activities.OfType<CrmEventActivity>().OrderBy(a => a.Name, StringComparer.Ordinal)];

    public async Task<IReadOnlyList<TagRule>> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await types.ListAsync(cancellationToken)).Select(TagRule.From).OfType<TagRule>()];

    public async Task<TagRule?> GetAsync(string workflowTypeId, CancellationToken cancellationToken = default) =>
        await types.GetAsync(workflowTypeId, cancellationToken) is { } type ? TagRule.From(type) : null;

    /// <summary>Saves the rule disabled: a marketer dry-runs it, then enables it from the workflows list (validated there).</summary>
    public async Task<WorkflowType> SaveAsync(TagRule rule, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(rule.Name))
        {
            throw new ArgumentException("A rule needs a name.");
        }

        if (library.Find(rule.Event) is not CrmEventActivity)
        {
            throw new ArgumentException($"'{rule.Event}' is not a CRM event.");
        }

        if (rule.AddTags.Count + rule.RemoveTags.Count == 0 && string.IsNullOrWhiteSpace(rule.MessageText) && rule.PointsAmount == 0)
        {
            throw new ArgumentException("A rule needs at least one action: tags, points or a message.");
        }

        var type = rule.ToWorkflowType();
        if (await types.GetAsync(type.WorkflowTypeId, cancellationToken) is { } existing)
        {
            type.IsEnabled = existing.IsEnabled;
        }

        await types.SaveAsync(type, cancellationToken);
        await audit.RecordAsync("workflows.rule_save", type.Name, type.WorkflowTypeId, cancellationToken: cancellationToken);
        return type;
    }

    /// <summary>
    /// Walks the rule's event type through the ledger in order and counts, per follower, when the
    /// filters matched N times within the window — nothing is applied.
    /// </summary>
    public async Task<DryRunResult> DryRunAsync(string workflowTypeId, CancellationToken cancellationToken = default)
    {
        var type = await types.GetAsync(workflowTypeId, cancellationToken) ?? throw new KeyNotFoundException($"Workflow type {workflowTypeId} not found.");
        var start = type.StartActivities.FirstOrDefault(a => library.Find(a.Name) is CrmEventActivity)
            ?? throw new InvalidOperationException("Only workflows starting with a CRM event can be dry-run.");
        var activity = (CrmEventActivity)library.Find(start.Name)!;
        var context = new ActivityContext(start, []);
        var required = Math.Max(1, (int)(context.GetNumber(CrmEventActivity.CountProperty) ?? 1));
        var days = Math.Max(1, (int)(context.GetNumber(CrmEventActivity.WithinDaysProperty) ?? 30));

        // Calendar days, exactly like the live counters (FollowerCounters.CountAsync).
        var recent = new Dictionary<long, Queue<int>>();
        var qualifying = new List<BehaviourEvent>();
        var scanned = 0;
        for (var skip = 0; ; skip += PageSize)
        {
            var (page, _) = await ledger.QueryAsync(new LedgerQuery(Type: activity.LedgerEventType, Skip: skip, Take: PageSize, NewestFirst: false), cancellationToken);
            foreach (var e in page.Where(e => e.FollowerId is not null))
            {
                scanned++;
                if (!activity.MatchesEvent(CrmEventInput.From(e), context))
                {
                    continue;
                }

                var day = CounterKeys.DayOf(e.OccurredUtc);
                var times = recent.TryGetValue(e.FollowerId!.Value, out var q) ? q : recent[e.FollowerId.Value] = new Queue<int>();
                times.Enqueue(day);
                while (times.Count > 0 && times.Peek() <= day - days)
                {
                    times.Dequeue();
                }

                // Same rule as live delivery: fire when this event makes the count reach N.
                if (times.Count == required)
                {
                    qualifying.Add(e);
                }
            }

            if (page.Count < PageSize)
            {
                break;
            }
        }

        return new DryRunResult(qualifying.Select(e => e.FollowerId).Distinct().Count(), scanned, qualifying);
    }

    /// <summary>Runs the rule for every qualifying past event it has not fired for yet, in one transaction. Returns how many ran.</summary>
    public async Task<int> ApplyRetroactivelyAsync(string workflowTypeId, CancellationToken cancellationToken = default)
    {
        var type = await types.GetAsync(workflowTypeId, cancellationToken) ?? throw new KeyNotFoundException($"Workflow type {workflowTypeId} not found.");
        var dryRun = await DryRunAsync(workflowTypeId, cancellationToken);
        var ran = 0;
        await session.BeginTransactionAsync(cancellationToken);
        try
        {
            dispatcher.Begin();
            foreach (var e in dryRun.Qualifying)
            {
                if (await dispatcher.StartRetroactiveAsync(type, e, cancellationToken))
                {
                    ran++;
                }
            }

            await dispatcher.CompleteAsync(cancellationToken);
            await session.CommitAsync(cancellationToken);
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }

        await audit.RecordAsync("workflows.rule_apply", type.Name, string.Create(CultureInfo.InvariantCulture, $"{ran} runs for {dryRun.Followers} followers"), cancellationToken: cancellationToken);
        return ran;
    }
}
