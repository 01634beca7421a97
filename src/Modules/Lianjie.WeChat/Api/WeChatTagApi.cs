using System.Text;
using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Api;

/// <summary>
/// Platform tags for one account. A mirror of what we told WeChat (tags, and tags per openid)
/// lets the limits be checked before calling: ≤100 tags per account, ≤20 per follower, ≤50
/// openids per batch call.
/// </summary>
public sealed class WeChatTagApi(WeChatApiClient client, DbSession session)
{
    public async Task<IReadOnlyList<WeChatRemoteTag>> ListAsync(string appId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<WeChatRemoteTag>().AsNoTracking().Where(t => t.AppId == appId).OrderBy(t => t.TagId).ToListAsync(cancellationToken);
    }

    /// <summary>Replaces the mirror with the platform's list (tags made in the WeChat console too).</summary>
    public async Task<IReadOnlyList<WeChatRemoteTag>> SyncAsync(string appId, CancellationToken cancellationToken = default)
    {
        var response = await client.GetAsync(appId, "/cgi-bin/tags/get", null, cancellationToken);
        var tags = (response["tags"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(t => new WeChatRemoteTag { AppId = appId, TagId = t["id"]!.GetValue<long>(), Name = t["name"]?.GetValue<string>() ?? string.Empty })
            .ToList();
        await using var db = await session.CreateContextAsync(cancellationToken);
        db.RemoveRange(await db.Set<WeChatRemoteTag>().Where(t => t.AppId == appId).ToListAsync(cancellationToken));
        db.AddRange(tags);
        await db.SaveChangesAsync(cancellationToken);
        return tags;
    }

    public async Task<WeChatRemoteTag> CreateAsync(string appId, string name, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        if (name.Length == 0 || Encoding.UTF8.GetByteCount(name) > WeChatPlatformLimits.MaxTagNameBytes)
        {
            throw new WeChatLimitException(45158, $"A tag name must be 1..{WeChatPlatformLimits.MaxTagNameBytes} bytes.");
        }

        var existing = await ListAsync(appId, cancellationToken);
        if (existing.FirstOrDefault(t => t.Name == name) is { } same)
        {
            return same;
        }

        if (existing.Count >= WeChatPlatformLimits.MaxTagsPerAccount)
        {
            throw new WeChatLimitException(WeChatApiException.TooManyTags, $"The account already has {existing.Count} tags; WeChat allows {WeChatPlatformLimits.MaxTagsPerAccount}.");
        }

        var response = await client.PostAsync(appId, "/cgi-bin/tags/create", new JsonObject { ["tag"] = new JsonObject { ["name"] = name } }, cancellationToken);
        var tag = new WeChatRemoteTag { AppId = appId, TagId = response["tag"]!["id"]!.GetValue<long>(), Name = name };
        await using var db = await session.CreateContextAsync(cancellationToken);
        db.Add(tag);
        await db.SaveChangesAsync(cancellationToken);
        return tag;
    }

    public async Task DeleteAsync(string appId, long tagId, CancellationToken cancellationToken = default)
    {
        if (WeChatPlatformLimits.IsReservedTag(tagId))
        {
            throw new WeChatLimitException(45058, "Tags 0, 1 and 2 are reserved by WeChat.");
        }

        await client.PostAsync(appId, "/cgi-bin/tags/delete", new JsonObject { ["tag"] = new JsonObject { ["id"] = tagId } }, cancellationToken);
        await using var db = await session.CreateContextAsync(cancellationToken);
        await db.Set<WeChatRemoteFollowerTag>().Where(t => t.AppId == appId && t.TagId == tagId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<WeChatRemoteTag>().Where(t => t.AppId == appId && t.TagId == tagId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Tags up to 50 openids; refuses the whole call when any openid would pass 20 tags.</summary>
    public async Task TagAsync(string appId, long tagId, IReadOnlyList<string> openIds, CancellationToken cancellationToken = default)
    {
        var distinct = CheckBatch(openIds);
        await using (var db = await session.CreateContextAsync(cancellationToken))
        {
            var counts = await db.Set<WeChatRemoteFollowerTag>().AsNoTracking()
                .Where(t => t.AppId == appId && distinct.Contains(t.OpenId) && t.TagId != tagId)
                .GroupBy(t => t.OpenId)
                .Select(g => new { OpenId = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken);
            var full = counts.Where(c => c.Count >= WeChatPlatformLimits.MaxTagsPerFollower).Select(c => c.OpenId).ToList();
            if (full.Count > 0)
            {
                throw new WeChatLimitException(WeChatApiException.FollowerTagLimit, $"{string.Join(", ", full)} already carry {WeChatPlatformLimits.MaxTagsPerFollower} tags.");
            }
        }

        await client.PostAsync(appId, "/cgi-bin/tags/members/batchtagging", Batch(tagId, distinct), cancellationToken);
        await using var write = await session.CreateContextAsync(cancellationToken);
        var present = await write.Set<WeChatRemoteFollowerTag>().Where(t => t.AppId == appId && t.TagId == tagId && distinct.Contains(t.OpenId)).Select(t => t.OpenId).ToListAsync(cancellationToken);
        write.AddRange(distinct.Except(present).Select(o => new WeChatRemoteFollowerTag { AppId = appId, OpenId = o, TagId = tagId }));
        await write.SaveChangesAsync(cancellationToken);
    }

    public async Task UntagAsync(string appId, long tagId, IReadOnlyList<string> openIds, CancellationToken cancellationToken = default)
    {
        var distinct = CheckBatch(openIds);
        await client.PostAsync(appId, "/cgi-bin/tags/members/batchuntagging", Batch(tagId, distinct), cancellationToken);
        await using var db = await session.CreateContextAsync(cancellationToken);
        await db.Set<WeChatRemoteFollowerTag>().Where(t => t.AppId == appId && t.TagId == tagId && distinct.Contains(t.OpenId)).ExecuteDeleteAsync(cancellationToken);
    }

    private static List<string> CheckBatch(IReadOnlyList<string> openIds)
    {
        var distinct = openIds.Where(o => !string.IsNullOrWhiteSpace(o)).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            throw new ArgumentException("No openid to tag.");
        }

        if (distinct.Count > WeChatPlatformLimits.MaxOpenIdsPerBatchTagging)
        {
            throw new WeChatLimitException(WeChatApiException.OpenIdListTooLong, $"{distinct.Count} openids in one call; WeChat takes {WeChatPlatformLimits.MaxOpenIdsPerBatchTagging}.");
        }

        return distinct;
    }

    private static JsonObject Batch(long tagId, List<string> openIds) => new()
    {
        ["openid_list"] = new JsonArray(openIds.Select(o => (JsonNode)o).ToArray()),
        ["tagid"] = tagId,
    };
}
