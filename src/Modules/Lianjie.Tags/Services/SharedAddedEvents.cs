using Lianjie.Core.Ledger;
using Lianjie.Tags.Models;

namespace Lianjie.Tags.Services;

/// <summary>
/// tag.added drafts for one bulk call: followers given the same tags share one payload and subject
/// (a bulk job over 100,000 followers builds one, not 100,000); each follower still gets its own event.
/// </summary>
internal sealed class SharedAddedEvents(Core.Followers.TagChangeOrigin origin, DateTime occurredUtc)
{
    private readonly Dictionary<string, BehaviourEventDraft> _templates = new(StringComparer.Ordinal);

    public BehaviourEventDraft For(long followerId, IReadOnlyList<TagRecord> tags, IReadOnlyDictionary<long, TagGroupRecord> groups)
    {
        var group = TagService.GroupOf(tags.Select(t => t.GroupId), groups);
        var key = string.Join('\u001f', tags.Select(t => t.Name)) + "\u001e" + group;
        if (!_templates.TryGetValue(key, out var template))
        {
            _templates[key] = template = TagEvents.Added(followerId, tags.Select(t => t.Name).ToList(), group, origin, occurredUtc);
        }

        return template with { FollowerId = followerId };
    }
}
