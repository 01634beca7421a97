using System.Text.Json.Nodes;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Followers.Models;

namespace Lianjie.Followers.Services;

/// <summary>Everything Lianjie keeps about one follower (PIPL data access): profile, tags, consents, timeline.</summary>
public sealed class FollowerDataExport(FollowerList list, ConsentRegistry consents, IBehaviourLedger ledger, IServiceProvider services)
{
    public async Task<JsonObject?> ExportAsync(long followerId, CancellationToken cancellationToken = default)
    {
        var follower = await list.GetAsync(followerId, cancellationToken);
        if (follower is null)
        {
            return null;
        }

        var tags = new JsonArray();
        foreach (var tag in await FollowerTags.GetAsync(services, follower, cancellationToken))
        {
            tags.Add(new JsonObject { ["tag"] = tag.Tag, ["group"] = tag.Group, ["appliedUtc"] = tag.AppliedUtc, ["source"] = tag.Source, ["by"] = tag.By });
        }

        var consentArray = new JsonArray();
        foreach (var c in await consents.HistoryAsync(followerId, cancellationToken))
        {
            consentArray.Add(new JsonObject { ["purpose"] = c.Purpose, ["granted"] = c.Granted, ["source"] = c.Source, ["timeUtc"] = c.TimeUtc });
        }

        var timeline = new JsonArray();
        for (var skip = 0; ; skip += 1000)
        {
            var (items, total) = await ledger.QueryAsync(new LedgerQuery(followerId, Skip: skip, Take: 1000, NewestFirst: false), cancellationToken);
            foreach (var e in items)
            {
                timeline.Add(new JsonObject
                {
                    ["type"] = e.Type,
                    ["subject"] = e.Subject,
                    ["payload"] = e.Payload is null ? null : JsonNode.Parse(e.Payload),
                    ["occurredUtc"] = e.OccurredUtc,
                    ["source"] = e.Source,
                });
            }

            if (skip + items.Count >= total || items.Count == 0)
            {
                break;
            }
        }

        return new JsonObject
        {
            ["follower"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(FollowerDto.From(follower, masked: false), FollowerDto.JsonOptions)),
            ["profile"] = JsonNode.Parse(string.IsNullOrWhiteSpace(follower.Profile) ? "{}" : follower.Profile),
            ["tags"] = tags,
            ["consents"] = consentArray,
            ["automationOptOut"] = follower.AutomationOptOut,
            ["timeline"] = timeline,
            ["exportedUtc"] = DateTime.UtcNow,
        };
    }
}

/// <summary>Tags with who applied them: from the Tags module when enabled, else the projection's names.</summary>
public static class FollowerTags
{
    public static async Task<IReadOnlyList<FollowerTagInfo>> GetAsync(IServiceProvider services, FollowerRecord follower, CancellationToken cancellationToken)
    {
        if (services.GetService(typeof(IFollowerTagService)) is IFollowerTagService tags)
        {
            return await tags.GetAsync(follower.Id, cancellationToken);
        }

        return Reactors.TagSet.Parse(follower.Tags).Select(t => new FollowerTagInfo(t, null, default, "projection", null, null)).ToList();
    }
}
