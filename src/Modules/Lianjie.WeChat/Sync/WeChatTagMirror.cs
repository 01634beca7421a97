using System.Text;
using System.Text.Json.Nodes;
using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Sync;

/// <summary>One tag chosen for mirroring: the Lianjie tag id and the name WeChat shows (null = the Lianjie name).</summary>
public sealed record MirrorChoice(long TagId, string? WeChatName);

/// <summary>
/// Which Lianjie tags an account mirrors to WeChat. The Lianjie dictionary is the source of truth;
/// choosing, renaming and dropping a mirrored tag only records it here and queues the platform
/// call in the outbox (never inline). Refused past WeChat's 100 tags per account.
/// </summary>
public sealed class WeChatTagMirror(DbSession session, IServiceProvider services, WeChatOutbox outbox, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<WeChatMirroredTag>> ListAsync(string appId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<WeChatMirroredTag>().AsNoTracking().Where(t => t.AppId == appId).OrderBy(t => t.TagName).ToListAsync(cancellationToken);
    }

    /// <summary>The tag dictionary, or empty when the Tags feature is off.</summary>
    public async Task<IReadOnlyList<TagDictionaryEntry>> DictionaryAsync(CancellationToken cancellationToken = default) =>
        services.GetService(typeof(ITagDictionary)) is ITagDictionary dictionary ? await dictionary.ListAsync(cancellationToken) : [];

    /// <summary>
    /// Applies the choices for the tags in <paramref name="considered"/> (the ones shown on the admin
    /// page); mirrored tags outside it are kept. Returns (added, renamed, removed).
    /// </summary>
    public async Task<(int Added, int Renamed, int Removed)> ApplyAsync(string appId, IReadOnlyCollection<long> considered, IReadOnlyList<MirrorChoice> chosen, CancellationToken cancellationToken = default)
    {
        var dictionary = (await DictionaryAsync(cancellationToken)).ToDictionary(t => t.Id);
        foreach (var choice in chosen)
        {
            if (!dictionary.ContainsKey(choice.TagId))
            {
                throw new ArgumentException($"Tag {choice.TagId} is not in the tag dictionary.");
            }

            var name = (choice.WeChatName ?? dictionary[choice.TagId].Name).Trim();
            if (name.Length == 0 || Encoding.UTF8.GetByteCount(name) > WeChatPlatformLimits.MaxTagNameBytes)
            {
                throw new WeChatLimitException(45158, $"The WeChat name \"{name}\" must be 1 to {WeChatPlatformLimits.MaxTagNameBytes} bytes (about 10 Chinese characters).");
            }
        }

        if (chosen.Select(c => (c.WeChatName ?? dictionary[c.TagId].Name).Trim()).GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"Two mirrored tags would both be called \"{duplicate.Key}\" in WeChat.");
        }

        await session.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var db = await session.CreateContextAsync(cancellationToken);
            var current = await db.Set<WeChatMirroredTag>().Where(t => t.AppId == appId).ToListAsync(cancellationToken);
            var chosenById = chosen.ToDictionary(c => c.TagId);
            var kept = current.Where(t => !considered.Contains(t.TagId) || chosenById.ContainsKey(t.TagId)).ToList();
            var added = chosen.Where(c => current.All(t => t.TagId != c.TagId)).ToList();

            // WeChat's 100 counts every tag of the account, including ones made in the WeChat console.
            var mirroredIds = current.Where(t => t.WeChatTagId is not null).Select(t => t.WeChatTagId!.Value).ToList();
            var foreign = await db.Set<WeChatRemoteTag>().AsNoTracking().CountAsync(t => t.AppId == appId && !mirroredIds.Contains(t.TagId), cancellationToken);
            var wanted = kept.Count + added.Count + foreign;
            if (wanted > WeChatPlatformLimits.MaxTagsPerAccount)
            {
                throw new WeChatLimitException(
                    WeChatApiException.TooManyTags,
                    $"This would give the account {wanted} WeChat tags ({kept.Count + added.Count} mirrored, {foreign} made in WeChat); WeChat allows {WeChatPlatformLimits.MaxTagsPerAccount}.");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var renamed = 0;
            foreach (var tag in kept)
            {
                if (dictionary.TryGetValue(tag.TagId, out var entry))
                {
                    tag.TagName = entry.Name;
                }

                if (chosenById.TryGetValue(tag.TagId, out var choice) && (choice.WeChatName ?? tag.TagName).Trim() is var name && name != tag.WeChatName)
                {
                    tag.WeChatName = name;
                    renamed++;
                    await outbox.EnqueueAsync(appId, WeChatTagMirrorKinds.Update, new JsonObject { ["tagId"] = tag.TagId, ["name"] = name }, null, cancellationToken);
                }
            }

            var removed = current.Except(kept).ToList();
            foreach (var tag in removed)
            {
                db.Remove(tag);
                if (tag.WeChatTagId is { } weChatTagId)
                {
                    await outbox.EnqueueAsync(appId, WeChatTagMirrorKinds.Delete, new JsonObject { ["weChatTagId"] = weChatTagId }, null, cancellationToken);
                }
            }

            foreach (var choice in added)
            {
                var entry = dictionary[choice.TagId];
                db.Add(new WeChatMirroredTag { AppId = appId, TagId = choice.TagId, TagName = entry.Name, WeChatName = (choice.WeChatName ?? entry.Name).Trim(), CreatedUtc = now });
                await outbox.EnqueueAsync(appId, WeChatTagMirrorKinds.Create, new JsonObject { ["tagId"] = choice.TagId }, null, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            if (added.Count + renamed + removed.Count > 0)
            {
                await audit.RecordAsync(
                    "wechat.tags.mirror",
                    appId,
                    $"added {string.Join(", ", added.Select(a => dictionary[a.TagId].Name))}; renamed {renamed}; removed {string.Join(", ", removed.Select(r => r.TagName))}",
                    cancellationToken: cancellationToken);
            }

            await session.CommitAsync(cancellationToken);
            return (added.Count, renamed, removed.Count);
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }
    }
}

/// <summary>The outbox kinds of the tag mirror and the full sync.</summary>
public static class WeChatTagMirrorKinds
{
    /// <summary>{ "tagId": Lianjie tag id } — creates the WeChat tag, records its id, tags the followers who already carry it.</summary>
    public const string Create = "mirror.create";

    /// <summary>{ "tagId": Lianjie tag id, "name": new WeChat name }</summary>
    public const string Update = "mirror.update";

    /// <summary>{ "weChatTagId": 134 }</summary>
    public const string Delete = "mirror.delete";

    /// <summary>{ "tagId": Lianjie tag id, "add": true|false, "openIds": [≤50] } — waits for the WeChat tag to exist.</summary>
    public const string Members = "mirror.members";
}
