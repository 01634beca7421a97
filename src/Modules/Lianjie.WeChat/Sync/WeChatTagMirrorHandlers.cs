using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Lianjie.WeChat.Sync;

/// <summary>mirror.create: makes the WeChat tag, records its id, then queues tagging of the account's followers who already carry the tag.</summary>
internal sealed class MirrorCreateHandler(DbSession session, WeChatTagApi tags, IFollowerDirectory followers, WeChatOutbox outbox) : IWeChatOutboxHandler
{
    public string Kind => WeChatTagMirrorKinds.Create;

    public async Task<string?> SendAsync(string appId, JsonObject payload, CancellationToken cancellationToken)
    {
        var tagId = payload["tagId"]!.GetValue<long>();
        await using var db = await session.CreateContextAsync(cancellationToken);
        var mirrored = await db.Set<WeChatMirroredTag>().FirstOrDefaultAsync(t => t.AppId == appId && t.TagId == tagId, cancellationToken);
        if (mirrored is null)
        {
            return "no longer mirrored";
        }

        if (mirrored.WeChatTagId is { } known)
        {
            return $"already WeChat tag {known}";
        }

        // CreateAsync checks the 100-tag limit and reuses a WeChat tag of the same name.
        var remote = await tags.CreateAsync(appId, mirrored.WeChatName, cancellationToken);
        mirrored.WeChatTagId = remote.TagId;
        await db.SaveChangesAsync(cancellationToken);

        var openIds = new List<string>();
        await foreach (var id in followers.QueryIdsAsync(new FollowerFilter(Tags: [mirrored.TagName], AccountId: appId), cancellationToken))
        {
            if (await followers.FindAsync(id, cancellationToken) is { OpenId.Length: > 0 } follower)
            {
                openIds.Add(follower.OpenId);
            }
        }

        foreach (var chunk in openIds.Chunk(WeChatPlatformLimits.MaxOpenIdsPerBatchTagging))
        {
            await outbox.EnqueueAsync(appId, WeChatTagMirrorKinds.Members, MirrorMembers.Payload(tagId, add: true, chunk), null, cancellationToken);
        }

        return $"WeChat tag {remote.TagId}; {openIds.Count} followers queued";
    }
}

/// <summary>mirror.update: renames the WeChat tag.</summary>
internal sealed class MirrorUpdateHandler(DbSession session, WeChatApiClient client) : IWeChatOutboxHandler
{
    public string Kind => WeChatTagMirrorKinds.Update;

    public async Task<string?> SendAsync(string appId, JsonObject payload, CancellationToken cancellationToken)
    {
        var tagId = payload["tagId"]!.GetValue<long>();
        var name = payload["name"]!.GetValue<string>();
        await using var db = await session.CreateContextAsync(cancellationToken);
        var weChatTagId = await db.Set<WeChatMirroredTag>().Where(t => t.AppId == appId && t.TagId == tagId).Select(t => t.WeChatTagId).FirstOrDefaultAsync(cancellationToken);
        if (weChatTagId is null)
        {
            // Not created yet (the create item will use the new name) or no longer mirrored.
            return "nothing to rename";
        }

        await client.PostAsync(appId, "/cgi-bin/tags/update", new JsonObject { ["tag"] = new JsonObject { ["id"] = weChatTagId, ["name"] = name } }, cancellationToken);
        await db.Set<WeChatRemoteTag>().Where(t => t.AppId == appId && t.TagId == weChatTagId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Name, name), cancellationToken);
        return $"WeChat tag {weChatTagId} renamed";
    }
}

/// <summary>mirror.delete: deletes the WeChat tag of a tag no longer mirrored.</summary>
internal sealed class MirrorDeleteHandler(WeChatTagApi tags) : IWeChatOutboxHandler
{
    public string Kind => WeChatTagMirrorKinds.Delete;

    public async Task<string?> SendAsync(string appId, JsonObject payload, CancellationToken cancellationToken)
    {
        var weChatTagId = payload["weChatTagId"]!.GetValue<long>();
        await tags.DeleteAsync(appId, weChatTagId, cancellationToken);
        return $"WeChat tag {weChatTagId} deleted";
    }
}

/// <summary>
/// mirror.members: tags or untags ≤50 openids with a mirrored tag. Followers already at WeChat's
/// 20 tags are left out with a logged refusal, so one full follower does not block the batch.
/// </summary>
internal sealed class MirrorMembersHandler(DbSession session, WeChatTagApi tags, ILogger<MirrorMembersHandler> logger) : IWeChatOutboxHandler
{
    public string Kind => WeChatTagMirrorKinds.Members;

    public async Task<string?> SendAsync(string appId, JsonObject payload, CancellationToken cancellationToken)
    {
        var tagId = payload["tagId"]!.GetValue<long>();
        var add = payload["add"]!.GetValue<bool>();
        var openIds = (payload["openIds"] as JsonArray ?? []).Select(o => o!.GetValue<string>()).Distinct(StringComparer.Ordinal).ToList();
        await using var db = await session.CreateContextAsync(cancellationToken);
        var mirrored = await db.Set<WeChatMirroredTag>().AsNoTracking().FirstOrDefaultAsync(t => t.AppId == appId && t.TagId == tagId, cancellationToken);
        if (mirrored is null)
        {
            return "no longer mirrored";
        }

        if (mirrored.WeChatTagId is not { } weChatTagId)
        {
            // The create item has not run yet: back off and try again.
            throw new WeChatApiException(WeChatApiException.SystemBusy, $"the WeChat tag for \"{mirrored.TagName}\" is not created yet");
        }

        if (!add)
        {
            await tags.UntagAsync(appId, weChatTagId, openIds, cancellationToken);
            return $"untagged {openIds.Count}";
        }

        var full = await db.Set<WeChatRemoteFollowerTag>().AsNoTracking()
            .Where(t => t.AppId == appId && openIds.Contains(t.OpenId) && t.TagId != weChatTagId)
            .GroupBy(t => t.OpenId)
            .Where(g => g.Count() >= WeChatPlatformLimits.MaxTagsPerFollower)
            .Select(g => g.Key)
            .ToListAsync(cancellationToken);
        if (full.Count > 0)
        {
            logger.LogWarning(
                "WeChat tag \"{Tag}\" not mirrored to {Count} follower(s) of {AppId} who already carry {Max} WeChat tags (the platform's limit): {OpenIds}",
                mirrored.WeChatName, full.Count, appId, WeChatPlatformLimits.MaxTagsPerFollower, string.Join(", ", full));
        }

        var rest = openIds.Except(full, StringComparer.Ordinal).ToList();
        if (rest.Count > 0)
        {
            await tags.TagAsync(appId, weChatTagId, rest, cancellationToken);
        }

        return full.Count == 0
            ? $"tagged {rest.Count}"
            : $"tagged {rest.Count}; refused {full.Count} at {WeChatPlatformLimits.MaxTagsPerFollower} tags per follower: {string.Join(", ", full.Take(10))}";
    }
}

internal static class MirrorMembers
{
    public static JsonObject Payload(long tagId, bool add, IEnumerable<string> openIds) => new()
    {
        ["tagId"] = tagId,
        ["add"] = add,
        ["openIds"] = new JsonArray(openIds.Select(o => (JsonNode)o).ToArray()),
    };
}
