using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Tags.Models;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Tags.Services;

public sealed partial class TagService
{
    /// <summary>Followers per transaction in bulk work: big enough for set-based SQL, small enough to keep locks short.</summary>
    internal const int ChunkSize = 5000;

    public async Task<BulkTagResult> AddManyAsync(IReadOnlyList<FollowerTagAssignment> assignments, TagChangeOrigin origin, bool createUnknownTags, CancellationToken cancellationToken = default)
    {
        var refused = new List<RefusedTag>();
        var byFollower = assignments
            .GroupBy(a => a.FollowerId)
            .Select(g => (FollowerId: g.Key, Names: g.SelectMany(a => a.Tags).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList()))
            .Where(a => a.Names.Count > 0)
            .ToList();
        var tags = await ResolveTagsAsync(byFollower.SelectMany(a => a.Names).Distinct(StringComparer.Ordinal).ToList(), createUnknownTags, origin, cancellationToken);

        var work = new List<(long FollowerId, List<TagRecord> Tags)>(byFollower.Count);
        foreach (var (followerId, names) in byFollower)
        {
            var known = new List<TagRecord>(names.Count);
            foreach (var name in names)
            {
                if (tags.Known.TryGetValue(name, out var tag))
                {
                    known.Add(tag);
                }
                else
                {
                    refused.Add(new RefusedTag(followerId, name, TagChangeStatus.UnknownTag, tags.Invalid.GetValueOrDefault(name) ?? $"The tag '{name}' does not exist."));
                }
            }

            if (known.Count > 0)
            {
                work.Add((followerId, known));
            }
        }

        int applied = 0, already = 0;
        var tagsAfter = new Dictionary<long, IReadOnlyList<string>>(work.Count);
        foreach (var chunk in work.Chunk(ChunkSize))
        {
            foreach (var plan in await ApplyAsync(chunk, origin, cancellationToken))
            {
                applied += plan.Added.Count;
                already += plan.AlreadyPresent.Count;
                refused.AddRange(plan.Refused);
                tagsAfter[plan.FollowerId] = plan.TagsAfter;
            }
        }

        return new BulkTagResult(applied, already, refused) { TagsAfter = tagsAfter };
    }

    /// <summary>
    /// The one place tags are applied: consent first (outside the transaction), then in one
    /// transaction read what the followers hold, plan with the rules, write rows and events.
    /// </summary>
    /// <param name="alsoInTransaction">More writes that commit with these (a bulk job's progress), after the plans are written.</param>
    internal async Task<IReadOnlyList<FollowerPlan>> ApplyAsync(IReadOnlyList<(long FollowerId, List<TagRecord> Tags)> work, TagChangeOrigin origin, CancellationToken cancellationToken, Func<IReadOnlyList<FollowerPlan>, Task>? alsoInTransaction = null)
    {
        var noConsent = await RefuseWithoutConsentAsync(work, origin, cancellationToken);
        var groups = await LoadGroupsAsync(cancellationToken);
        return await InTransactionAsync(
            async () =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var held = await TagSql.LoadHeldAsync(session, work.Select(w => w.FollowerId).ToList(), cancellationToken);
                var plans = new List<FollowerPlan>(work.Count);
                foreach (var (followerId, wanted) in work)
                {
                    var refusedHere = noConsent.GetValueOrDefault(followerId);
                    var plan = TagRules.Plan(
                        followerId,
                        held.GetValueOrDefault(followerId) ?? [],
                        refusedHere is null ? wanted : wanted.Where(t => !refusedHere.Contains(t.Id)),
                        groups);
                    plan.Refused.AddRange(wanted.Where(t => refusedHere?.Contains(t.Id) == true)
                        .Select(t => new RefusedTag(followerId, t.Name, TagChangeStatus.RefusedNoConsent, $"'{t.Name}' is health information: the follower has not consented to it.")));
                    plans.Add(plan);
                }

                foreach (var displaced in plans.SelectMany(p => p.Displaced.Select(d => (p.FollowerId, d.TagId))).GroupBy(d => d.TagId))
                {
                    await TagSql.DeleteAsync(session, displaced.Key, displaced.Select(d => d.FollowerId).ToList(), cancellationToken);
                }

                await TagSql.InsertAsync(session, plans.SelectMany(p => p.Added.Select(t => (p.FollowerId, t))).ToList(), now, origin, cancellationToken);
                foreach (var refresh in plans.SelectMany(p => p.AlreadyPresent.Select(t => (p.FollowerId, Tag: t))).Where(r => r.Tag.ExpiryDays is not null).GroupBy(r => r.Tag.Id))
                {
                    await TagSql.RefreshExpiryAsync(session, refresh.First().Tag, refresh.Select(r => r.FollowerId).ToList(), now, cancellationToken);
                }

                var drafts = new List<Core.Ledger.BehaviourEventDraft>(plans.Count);
                var added = new SharedAddedEvents(origin, now);
                foreach (var plan in plans)
                {
                    if (plan.Displaced.Count > 0)
                    {
                        drafts.Add(TagEvents.Removed(plan.FollowerId, plan.Displaced.Select(d => d.Name).ToList(), GroupOf(plan.Displaced.Select(d => d.GroupId), groups), origin, now, "exclusive group: replaced by " + string.Join(",", plan.Added.Select(a => a.Name))));
                    }

                    if (plan.Added.Count > 0)
                    {
                        drafts.Add(added.For(plan.FollowerId, plan.Added, groups));
                    }
                }

                await ledger.AppendManyInTransactionAsync(session, drafts, cancellationToken);
                if (alsoInTransaction is not null)
                {
                    await alsoInTransaction(plans);
                }

                return (IReadOnlyList<FollowerPlan>)plans;
            },
            cancellationToken);
    }

    internal async Task<Dictionary<long, TagGroupRecord>> LoadGroupsAsync(CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<TagGroupRecord>().AsNoTracking().ToDictionaryAsync(g => g.Id, cancellationToken);
    }

    /// <summary>PIPL: a sensitive tag needs the follower's health consent; each refusal is audited.</summary>
    private async Task<Dictionary<long, HashSet<long>>> RefuseWithoutConsentAsync(IReadOnlyList<(long FollowerId, List<TagRecord> Tags)> work, TagChangeOrigin origin, CancellationToken cancellationToken)
    {
        var refused = new Dictionary<long, HashSet<long>>();
        foreach (var (followerId, tags) in work.Where(w => w.Tags.Any(t => t.Sensitive)))
        {
            if (!await consent.HasConsentAsync(followerId, ConsentPurposes.HealthInformation, cancellationToken))
            {
                refused[followerId] = tags.Where(t => t.Sensitive).Select(t => t.Id).ToHashSet();
            }
        }

        if (refused.Count > 0)
        {
            var tagNames = string.Join(",", work.SelectMany(w => w.Tags).Where(t => t.Sensitive).Select(t => t.Name).Distinct());
            await AuditRefusedWithoutConsentAsync(refused.Keys.ToList(), tagNames, origin, cancellationToken);
        }

        return refused;
    }

    /// <summary>One audit entry per call that refused sensitive tags for lack of consent, with up to 20 follower ids.</summary>
    private async Task AuditRefusedWithoutConsentAsync(IReadOnlyList<long> followers, string tagNames, TagChangeOrigin origin, CancellationToken cancellationToken)
    {
        var sample = string.Join(",", followers.Take(20));
        await audit.RecordAsync(
            "tags.refused-no-consent",
            followers.Count == 1 ? $"follower:{sample}" : $"followers:{followers.Count}",
            $"Sensitive tag(s) {tagNames} refused without health-information consent ({origin.Source}{(origin.By is null ? string.Empty : "/" + origin.By)}); followers {sample}{(followers.Count > 20 ? ", …" : string.Empty)}",
            cancellationToken: cancellationToken);
    }

    /// <summary>Known tags by name; unknown names are created when asked (valid names only).</summary>
    private async Task<(Dictionary<string, TagRecord> Known, Dictionary<string, string> Invalid)> ResolveTagsAsync(IReadOnlyList<string> names, bool createUnknown, TagChangeOrigin origin, CancellationToken cancellationToken)
    {
        var known = await LoadTagsByNameAsync(names, cancellationToken);
        var invalid = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = names.Where(n => !known.ContainsKey(n)).ToList();
        if (!createUnknown || missing.Count == 0)
        {
            return (known, invalid);
        }

        var creatable = new List<string>();
        foreach (var name in missing)
        {
            if (TagRules.ValidateName(name) is { } problem)
            {
                invalid[name] = problem;
            }
            else
            {
                creatable.Add(name);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var name in creatable)
        {
            await using var command = await session.CreateCommandAsync(
                "INSERT INTO \"Tags\" (\"Name\", \"Sensitive\", \"CreatedUtc\") VALUES (@n, @s, @now) ON CONFLICT (\"Name\") DO NOTHING",
                cancellationToken);
            command.AddParameter("n", name);
            command.AddParameter("s", false);
            command.AddParameter("now", now);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (creatable.Count > 0)
        {
            await audit.RecordAsync("tags.created", string.Join(",", creatable.Take(50)), $"Created by {origin.Source} ({creatable.Count} new tag(s))", cancellationToken: cancellationToken);
        }

        foreach (var (name, tag) in await LoadTagsByNameAsync(creatable, cancellationToken))
        {
            known[name] = tag;
        }

        return (known, invalid);
    }

    private async Task<Dictionary<string, TagRecord>> LoadTagsByNameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, TagRecord>(StringComparer.Ordinal);
        await using var db = await session.CreateContextAsync(cancellationToken);
        foreach (var chunk in names.Chunk(500))
        {
            foreach (var tag in await db.Set<TagRecord>().AsNoTracking().Where(t => chunk.Contains(t.Name)).ToListAsync(cancellationToken))
            {
                found[tag.Name] = tag;
            }
        }

        return found;
    }

    internal static string? GroupOf(IEnumerable<long?> groupIds, IReadOnlyDictionary<long, TagGroupRecord> groups)
    {
        var distinct = groupIds.Distinct().ToList();
        return distinct is [{ } only] && groups.TryGetValue(only, out var group) ? group.Name : null;
    }
}
