using System.Globalization;
using System.Text.Json.Nodes;
using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Api;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Channels;

/// <summary>What an admin or a recipe submits for a channel; Id null creates one.</summary>
public sealed record WeChatChannelInput(long? Id, string AppId, string Name, string Scene, bool Permanent, int? ExpireSeconds, string? TargetTag, string? WelcomeReply);

public sealed record WeChatChannelPage(IReadOnlyList<WeChatChannel> Items, int Total, int Page, int Pages);

/// <summary>Scans, new follows, re-follows and what became of the new followers, for one channel and date range.</summary>
public sealed record WeChatChannelFunnel(long Scans, long NewFollows, long Refollows, long UnsubscribedLater, long StillSubscribed);

/// <summary>QR channels: validation, storage, WeChat tickets (qrcode/create) and the funnel.</summary>
public sealed class WeChatChannelService(DbSession session, WeChatApiClient api, AuditLog audit, TimeProvider clock)
{
    public const int PageSize = 20;
    public const int MaxPermanentSceneId = 100_000;
    public const int MaxNameLength = 100;

    public async Task<WeChatChannelPage> ListAsync(string? appId, string? search, string? sort, int page, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var query = db.Set<WeChatChannel>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(appId))
        {
            query = query.Where(c => c.AppId == appId);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(c => c.Name.Contains(term) || c.Scene.Contains(term) || (c.TargetTag != null && c.TargetTag.Contains(term)));
        }

        query = sort switch
        {
            "scene" => query.OrderBy(c => c.Scene).ThenBy(c => c.Id),
            "created" => query.OrderByDescending(c => c.CreatedUtc).ThenByDescending(c => c.Id),
            _ => query.OrderBy(c => c.Name).ThenBy(c => c.Id),
        };
        var total = await query.CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var items = await query.Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        return new WeChatChannelPage(items, total, page, pages);
    }

    public async Task<WeChatChannel?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<WeChatChannel>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    public async Task<WeChatChannel?> FindBySceneAsync(string appId, string scene, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<WeChatChannel>().AsNoTracking().FirstOrDefaultAsync(c => c.AppId == appId && c.Scene == scene, cancellationToken);
    }

    /// <summary>Creates or updates; a changed scene or lifetime drops the old ticket so the next download asks for a new one.</summary>
    public async Task<WeChatChannel> SaveAsync(WeChatChannelInput input, CancellationToken cancellationToken = default)
    {
        var scene = input.Scene.Trim();
        Validate(input, scene);
        await using var db = await session.CreateContextAsync(cancellationToken);
        if (!await db.Set<WeChatAccount>().AnyAsync(a => a.AppId == input.AppId, cancellationToken))
        {
            throw new ArgumentException($"No WeChat account {input.AppId}.");
        }

        if (await db.Set<WeChatChannel>().AnyAsync(c => c.AppId == input.AppId && c.Scene == scene && c.Id != (input.Id ?? 0), cancellationToken))
        {
            throw new ArgumentException($"Another channel of this account already uses the scene '{scene}'.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var channel = input.Id is { } id
            ? await db.Set<WeChatChannel>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new KeyNotFoundException($"No channel {id}.")
            : null;
        var created = channel is null;
        if (channel is null)
        {
            channel = new WeChatChannel { CreatedUtc = now };
            db.Add(channel);
        }

        var expire = input.Permanent ? null : input.ExpireSeconds;
        if (channel.AppId != input.AppId || channel.Scene != scene || channel.Permanent != input.Permanent || channel.ExpireSeconds != expire)
        {
            channel.Ticket = null;
            channel.QrUrl = null;
            channel.TicketExpiresUtc = null;
        }

        channel.AppId = input.AppId;
        channel.Name = input.Name.Trim();
        channel.Scene = scene;
        channel.Permanent = input.Permanent;
        channel.ExpireSeconds = expire;
        channel.TargetTag = string.IsNullOrWhiteSpace(input.TargetTag) ? null : input.TargetTag.Trim();
        channel.WelcomeReply = string.IsNullOrWhiteSpace(input.WelcomeReply) ? null : input.WelcomeReply.Trim();
        channel.UpdatedUtc = now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(created ? "wechat.channel.create" : "wechat.channel.update", $"{channel.AppId}/{channel.Scene}", $"{channel.Name}; permanent={channel.Permanent}; tag={channel.TargetTag}", cancellationToken: cancellationToken);
        return channel;
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var channel = await db.Set<WeChatChannel>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
        {
            return false;
        }

        db.Remove(channel);
        await db.SaveChangesAsync(cancellationToken);
        // The funnel rows stay: they are the ledger's history of that scene, and come back with the channel.
        await audit.RecordAsync("wechat.channel.delete", $"{channel.AppId}/{channel.Scene}", channel.Name, cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>The channel's QR code, asking WeChat for a ticket when it has none or a temporary one expired.</summary>
    public async Task<WeChatQrCode> EnsureTicketAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var channel = await db.Set<WeChatChannel>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new KeyNotFoundException($"No channel {id}.");
        var now = clock.GetUtcNow().UtcDateTime;
        // A minute's margin: a code printed in its last seconds would be dead on the poster.
        if (channel.Ticket is null || channel.QrUrl is null || (channel.TicketExpiresUtc is { } expires && expires <= now.AddMinutes(1)))
        {
            var response = await api.PostAsync(channel.AppId, "/cgi-bin/qrcode/create", TicketRequest(channel), cancellationToken);
            channel.Ticket = response["ticket"]?.GetValue<string>() ?? throw new WeChatApiException(-1, "qrcode/create returned no ticket.");
            channel.QrUrl = response["url"]?.GetValue<string>() ?? throw new WeChatApiException(-1, "qrcode/create returned no url.");
            channel.TicketExpiresUtc = channel.Permanent ? null : now.AddSeconds(response["expire_seconds"]?.GetValue<int>() ?? channel.ExpireSeconds ?? WeChatQrCodeService.MaxTemporarySeconds);
            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync("wechat.channel.ticket", $"{channel.AppId}/{channel.Scene}", channel.Permanent ? "permanent" : $"expires {channel.TicketExpiresUtc:O}", cancellationToken: cancellationToken);
        }

        return new WeChatQrCode(channel.Scene, channel.Ticket, channel.QrUrl, channel.ExpireSeconds);
    }

    /// <summary>
    /// The qrcode/create body: QR_SCENE / QR_LIMIT_SCENE for a numeric scene (scene_id),
    /// QR_STR_SCENE / QR_LIMIT_STR_SCENE otherwise (scene_str).
    /// </summary>
    public static JsonObject TicketRequest(WeChatChannel channel)
    {
        var scene = channel.IsNumericScene
            ? new JsonObject { ["scene_id"] = long.Parse(channel.Scene, CultureInfo.InvariantCulture) }
            : new JsonObject { ["scene_str"] = channel.Scene };
        var action = (channel.Permanent, channel.IsNumericScene) switch
        {
            (true, true) => "QR_LIMIT_SCENE",
            (true, false) => "QR_LIMIT_STR_SCENE",
            (false, true) => "QR_SCENE",
            (false, false) => "QR_STR_SCENE",
        };
        var body = new JsonObject { ["action_name"] = action, ["action_info"] = new JsonObject { ["scene"] = scene } };
        if (!channel.Permanent)
        {
            body["expire_seconds"] = channel.ExpireSeconds ?? WeChatQrCodeService.MaxTemporarySeconds;
        }

        return body;
    }

    /// <summary>The funnel for scans and follows between <paramref name="fromUtc"/> (inclusive) and <paramref name="toUtc"/> (exclusive).</summary>
    public async Task<WeChatChannelFunnel> FunnelAsync(string appId, string scene, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var hits = await db.Set<WeChatChannelHit>().AsNoTracking()
            .Where(h => h.AppId == appId && h.Scene == scene && h.OccurredUtc >= fromUtc && h.OccurredUtc < toUtc)
            .GroupBy(h => h.Kind).Select(g => new { Kind = g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        var members = await db.Set<WeChatChannelMember>().AsNoTracking()
            .Where(m => m.AppId == appId && m.FirstScene == scene && m.FirstSubscribedUtc >= fromUtc && m.FirstSubscribedUtc < toUtc)
            .GroupBy(m => m.Subscribed).Select(g => new { Subscribed = g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        long Hits(string kind) => hits.FirstOrDefault(h => h.Kind == kind)?.Count ?? 0;
        return new WeChatChannelFunnel(
            Hits(WeChatChannelHit.ScanKind),
            Hits(WeChatChannelHit.NewFollowKind),
            Hits(WeChatChannelHit.RefollowKind),
            members.FirstOrDefault(m => !m.Subscribed)?.Count ?? 0,
            members.FirstOrDefault(m => m.Subscribed)?.Count ?? 0);
    }

    private static void Validate(WeChatChannelInput input, string scene)
    {
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > MaxNameLength)
        {
            throw new ArgumentException($"A channel needs a name of 1..{MaxNameLength} characters.");
        }

        if (scene.Length is 0 or > WeChatQrCodeService.MaxSceneLength || scene.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"A scene needs 1..{WeChatQrCodeService.MaxSceneLength} characters without spaces.");
        }

        if (scene.All(char.IsAsciiDigit))
        {
            // WeChat's integer scenes: 1..100000 for permanent codes, a non-zero 32-bit value for temporary ones.
            var max = input.Permanent ? MaxPermanentSceneId : uint.MaxValue;
            if (!ulong.TryParse(scene, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value == 0 || value > max)
            {
                throw new ArgumentException($"A numeric scene must be 1..{max} for a {(input.Permanent ? "permanent" : "temporary")} code.");
            }
        }

        if (!input.Permanent && input.ExpireSeconds is not (>= 60 and <= WeChatQrCodeService.MaxTemporarySeconds))
        {
            throw new ArgumentException("A temporary code expires after 60 seconds to 30 days.");
        }

        if (input.TargetTag is { Length: > 100 })
        {
            throw new ArgumentException("The target tag name is too long.");
        }

        if (input.WelcomeReply is { } reply && reply.Trim().Length > AutoReplies.WeChatAutoReplyService.MaxReplyLength)
        {
            throw new ArgumentException($"A welcome reply holds at most {AutoReplies.WeChatAutoReplyService.MaxReplyLength} characters.");
        }
    }
}
