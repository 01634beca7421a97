using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Tags.Models;

namespace Lianjie.Tags.Services;

public sealed partial class TagService
{
    /// <summary>
    /// Plays the changes in order against the followers' tags read once (the rules decide each change as
    /// if it came alone), then writes only the net row changes set-based, and one event per change that
    /// changed something, in order. A workflow batch uses it so several rules' tags land in event order.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<TagChange>>> ChangeManyAsync(IReadOnlyList<FollowerTagChangeRequest> changes, CancellationToken cancellationToken = default)
    {
        if (changes.Count == 0)
        {
            return [];
        }

        var tags = await LoadTagsByNameAsync([.. changes.SelectMany(c => c.Tags).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)], cancellationToken);
        var groups = await LoadGroupsAsync(cancellationToken);
        var noConsent = await FollowersWithoutHealthConsentAsync(changes, tags, cancellationToken);
        return await InTransactionAsync(
            async () =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var held = await TagSql.LoadHeldAsync(session, [.. changes.Select(c => c.FollowerId).Distinct()], cancellationToken);
                var rows = new Dictionary<(long FollowerId, long TagId), RowChange>();
                var drafts = new List<BehaviourEventDraft>();
                var results = new List<IReadOnlyList<TagChange>>(changes.Count);
                foreach (var change in changes)
                {
                    if (!held.TryGetValue(change.FollowerId, out var working))
                    {
                        held[change.FollowerId] = working = [];
                    }

                    var step = new OrderedStep(change, working, rows, tags, groups, noConsent);
                    results.Add(change.Remove ? step.Remove(drafts, now) : step.Add(drafts, now));
                }

                await WriteRowChangesAsync(rows, now, cancellationToken);
                await ledger.AppendManyInTransactionAsync(session, drafts, cancellationToken);
                return (IReadOnlyList<IReadOnlyList<TagChange>>)results;
            },
            cancellationToken);
    }

    /// <summary>Deletes first (a tag removed and added again gets a fresh row), then inserts per origin, then expiry refreshes.</summary>
    private async Task WriteRowChangesAsync(Dictionary<(long FollowerId, long TagId), RowChange> rows, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var byTag in rows.Where(r => r.Value.DeleteStored).GroupBy(r => r.Key.TagId))
        {
            await TagSql.DeleteAsync(session, byTag.Key, [.. byTag.Select(r => r.Key.FollowerId)], cancellationToken);
        }

        foreach (var byOrigin in rows.Where(r => r.Value.InsertOrigin is not null).GroupBy(r => r.Value.InsertOrigin!))
        {
            await TagSql.InsertAsync(session, [.. byOrigin.Select(r => (r.Key.FollowerId, r.Value.Tag!))], now, byOrigin.Key, cancellationToken);
        }

        foreach (var byTag in rows.Where(r => r.Value.RefreshStored && r.Value.InsertOrigin is null && !r.Value.DeleteStored).GroupBy(r => r.Key.TagId))
        {
            await TagSql.RefreshExpiryAsync(session, byTag.First().Value.Tag!, [.. byTag.Select(r => r.Key.FollowerId)], now, cancellationToken);
        }
    }

    /// <summary>PIPL: followers who would get a sensitive tag without health consent; the refusal is audited once per call.</summary>
    private async Task<HashSet<long>> FollowersWithoutHealthConsentAsync(IReadOnlyList<FollowerTagChangeRequest> changes, Dictionary<string, TagRecord> tags, CancellationToken cancellationToken)
    {
        var refused = new HashSet<long>();
        var asking = changes.Where(c => !c.Remove && c.Tags.Any(t => tags.TryGetValue(t.Trim(), out var tag) && tag.Sensitive)).ToList();
        foreach (var followerId in asking.Select(c => c.FollowerId).Distinct())
        {
            if (!await consent.HasConsentAsync(followerId, ConsentPurposes.HealthInformation, cancellationToken))
            {
                refused.Add(followerId);
            }
        }

        if (refused.Count > 0)
        {
            var origin = asking.First(c => refused.Contains(c.FollowerId)).Origin;
            var tagNames = string.Join(",", asking.SelectMany(c => c.Tags).Select(t => t.Trim()).Where(t => tags.TryGetValue(t, out var tag) && tag.Sensitive).Distinct(StringComparer.Ordinal));
            await AuditRefusedWithoutConsentAsync(refused.ToList(), tagNames, origin, cancellationToken);
        }

        return refused;
    }

    /// <summary>What happens to one (follower, tag) row over the whole call.</summary>
    private sealed class RowChange(bool storedAtStart)
    {
        /// <summary>The follower held the tag before the call (a stored row).</summary>
        public bool StoredAtStart { get; } = storedAtStart;

        /// <summary>The stored row was taken off at some point.</summary>
        public bool DeleteStored { get; set; }

        /// <summary>Set while the tag is held through an add of this call: the row to insert at the end.</summary>
        public TagChangeOrigin? InsertOrigin { get; set; }

        public TagRecord? Tag { get; set; }

        /// <summary>The stored row was applied again: its expiry starts over.</summary>
        public bool RefreshStored { get; set; }
    }

    /// <summary>One change played against a follower's working tags, with the same rules as a single call.</summary>
    private sealed class OrderedStep(
        FollowerTagChangeRequest change,
        List<HeldTag> working,
        Dictionary<(long FollowerId, long TagId), RowChange> rows,
        Dictionary<string, TagRecord> tags,
        Dictionary<long, TagGroupRecord> groups,
        HashSet<long> noConsent)
    {
        public List<TagChange> Add(List<BehaviourEventDraft> drafts, DateTime now)
        {
            var results = new Dictionary<string, TagChange>(StringComparer.Ordinal);
            var wanted = new List<TagRecord>();
            foreach (var name in change.Tags.Select(t => t.Trim()))
            {
                if (!tags.TryGetValue(name, out var tag))
                {
                    results[name] = new TagChange(TagChangeStatus.UnknownTag, name, $"The tag '{name}' does not exist.");
                }
                else if (tag.Sensitive && noConsent.Contains(change.FollowerId))
                {
                    results[name] = new TagChange(TagChangeStatus.RefusedNoConsent, name, $"'{name}' is health information: the follower has not consented to it.");
                }
                else
                {
                    wanted.Add(tag);
                }
            }

            var plan = TagRules.Plan(change.FollowerId, working, wanted, groups);
            foreach (var displaced in plan.Displaced)
            {
                TakeOff(displaced.TagId);
            }

            foreach (var added in plan.Added)
            {
                var row = Row(added.Id);
                row.InsertOrigin = change.Origin;
                row.Tag = added;
                working.Add(new HeldTag(added.Id, added.GroupId, added.Name));
                results[added.Name] = new TagChange(TagChangeStatus.Applied, added.Name);
            }

            foreach (var present in plan.AlreadyPresent)
            {
                if (present.ExpiryDays is not null && Row(present.Id) is { InsertOrigin: null } row)
                {
                    row.RefreshStored = true;
                    row.Tag = present;
                }

                results[present.Name] = new TagChange(TagChangeStatus.AlreadyPresent, present.Name);
            }

            foreach (var refused in plan.Refused)
            {
                results[refused.Tag] = new TagChange(refused.Status, refused.Tag, refused.Message);
            }

            if (plan.Displaced.Count > 0)
            {
                drafts.Add(TagEvents.Removed(change.FollowerId, [.. plan.Displaced.Select(d => d.Name)], GroupOf(plan.Displaced.Select(d => d.GroupId), groups), change.Origin, now, "exclusive group: replaced by " + string.Join(",", plan.Added.Select(a => a.Name))));
            }

            if (plan.Added.Count > 0)
            {
                drafts.Add(TagEvents.Added(change.FollowerId, [.. plan.Added.Select(a => a.Name)], GroupOf(plan.Added.Select(a => a.GroupId), groups), change.Origin, now));
            }

            // In the order asked for; a tag missing here was applied and then replaced by a later one of its exclusive group.
            return [.. change.Tags.Select(t => results.GetValueOrDefault(t.Trim()) ?? new TagChange(TagChangeStatus.Applied, t.Trim()))];
        }

        public List<TagChange> Remove(List<BehaviourEventDraft> drafts, DateTime now)
        {
            var results = new List<TagChange>(change.Tags.Count);
            var removed = new List<TagRecord>();
            foreach (var name in change.Tags.Select(t => t.Trim()))
            {
                if (!tags.TryGetValue(name, out var tag))
                {
                    results.Add(new TagChange(TagChangeStatus.UnknownTag, name, $"The tag '{name}' does not exist."));
                }
                else if (working.Any(h => h.TagId == tag.Id))
                {
                    TakeOff(tag.Id);
                    removed.Add(tag);
                    results.Add(new TagChange(TagChangeStatus.Removed, name));
                }
                else
                {
                    results.Add(new TagChange(TagChangeStatus.NotPresent, name));
                }
            }

            if (removed.Count > 0)
            {
                drafts.Add(TagEvents.Removed(change.FollowerId, [.. removed.Select(r => r.Name)], GroupOf(removed.Select(r => r.GroupId), groups), change.Origin, now));
            }

            return results;
        }

        /// <summary>Takes a held tag off: its stored row (if any) is deleted at the end, an insert planned here is dropped.</summary>
        private void TakeOff(long tagId)
        {
            var row = Row(tagId);
            row.InsertOrigin = null;
            row.RefreshStored = false;
            row.DeleteStored |= row.StoredAtStart;
            working.RemoveAll(h => h.TagId == tagId);
        }

        /// <summary>Call before changing <c>working</c> for the tag: the first touch records whether the row was stored.</summary>
        private RowChange Row(long tagId)
        {
            var key = (change.FollowerId, tagId);
            if (!rows.TryGetValue(key, out var row))
            {
                rows[key] = row = new RowChange(working.Any(h => h.TagId == tagId));
            }

            return row;
        }
    }
}
