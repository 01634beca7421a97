using Lianjie.Core.Followers;
using Lianjie.Tags.Models;

namespace Lianjie.Tags.Services;

/// <summary>A tag a follower holds, with what the rules need to know about it.</summary>
internal sealed record HeldTag(long TagId, long? GroupId, string Name);

/// <summary>What applying some tags to one follower does: the rules decide it here, once.</summary>
internal sealed class FollowerPlan(long followerId)
{
    public long FollowerId { get; } = followerId;

    public List<TagRecord> Added { get; } = [];

    public List<TagRecord> AlreadyPresent { get; } = [];

    /// <summary>Tags taken off because an exclusive group's other tag was applied.</summary>
    public List<HeldTag> Displaced { get; } = [];

    public List<RefusedTag> Refused { get; } = [];

    /// <summary>The names the follower holds once the plan is applied.</summary>
    public List<string> TagsAfter { get; } = [];
}

internal static class TagRules
{
    /// <summary>WeChat allows at most 20 tags per follower.</summary>
    public const int MaxTagsPerFollower = 20;

    public const int MaxNameLength = 30;

    public static string LimitMessage => $"A follower can hold at most {MaxTagsPerFollower} tags (WeChat's limit).";

    public static string GroupLimitMessage(TagGroupRecord group) =>
        $"The group '{group.Name}' allows at most {group.MaxPerFollower} tag(s) per follower.";

    /// <summary>Null when the name can be a tag; else why not ('|' and ',' separate tags in projections and imports).</summary>
    public static string? ValidateName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "A tag needs a name.";
        }

        if (name.Trim().Length > MaxNameLength)
        {
            return $"A tag name has at most {MaxNameLength} characters.";
        }

        return name.IndexOfAny(['|', ',', '，']) >= 0 ? "A tag name cannot contain '|' or ','." : null;
    }

    public static FollowerPlan Plan(long followerId, IEnumerable<HeldTag> held, IEnumerable<TagRecord> wanted, IReadOnlyDictionary<long, TagGroupRecord> groups)
    {
        var plan = new FollowerPlan(followerId);
        var working = held.ToList();
        foreach (var tag in wanted.DistinctBy(t => t.Id))
        {
            if (working.Any(h => h.TagId == tag.Id))
            {
                plan.AlreadyPresent.Add(tag);
                continue;
            }

            var group = tag.GroupId is { } groupId ? groups.GetValueOrDefault(groupId) : null;
            var sameGroup = group is null ? [] : working.Where(h => h.GroupId == group.Id).ToList();
            var displacing = group?.Exclusive == true ? sameGroup : [];
            if (group?.MaxPerFollower is { } max && sameGroup.Count - displacing.Count >= max)
            {
                plan.Refused.Add(new RefusedTag(followerId, tag.Name, TagChangeStatus.RefusedLimit, GroupLimitMessage(group)));
                continue;
            }

            if (working.Count - displacing.Count >= MaxTagsPerFollower)
            {
                plan.Refused.Add(new RefusedTag(followerId, tag.Name, TagChangeStatus.RefusedLimit, LimitMessage));
                continue;
            }

            foreach (var displaced in displacing)
            {
                working.Remove(displaced);

                // A tag applied earlier in this same call is simply not applied.
                if (plan.Added.RemoveAll(a => a.Id == displaced.TagId) == 0)
                {
                    plan.Displaced.Add(displaced);
                }
            }

            working.Add(new HeldTag(tag.Id, tag.GroupId, tag.Name));
            plan.Added.Add(tag);
        }

        plan.TagsAfter.AddRange(working.Select(h => h.Name));
        return plan;
    }
}
