using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Menus;
using Lianjie.WeChat.Simulator.Models;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Simulator.Platform;

/// <summary>
/// The fake WeChat platform's rules, for simulated accounts only: tokens that expire, openids that
/// must exist, tag limits, batch sizes and quotas, answered with WeChat's own error codes.
/// </summary>
public sealed class SimulatorPlatform(DbSession session, WeChatAccountService accounts, SimulatorControls controls, TimeProvider clock)
{
    public const int TokenLifetimeSeconds = 7200;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<JsonObject> IssueTokenAsync(string? appId, string? secret, CancellationToken cancellationToken)
    {
        var account = appId is null ? null : await accounts.GetKeysAsync(appId, cancellationToken);
        if (account is null || !account.Simulated)
        {
            return SimulatorResponses.Error(40013);
        }

        if (!FixedEquals(account.AppSecret, secret))
        {
            return SimulatorResponses.Error(40125);
        }

        controls.Count(account.AppId, "token");
        var token = await IssueAsync(account.AppId, WeChatApiCredential.AccessToken, cancellationToken);
        return new JsonObject { ["access_token"] = token, ["expires_in"] = TokenLifetimeSeconds };
    }

    /// <summary>The account a token belongs to, or the error WeChat gives for it (41001, 40001, 42001).</summary>
    public async Task<(string? AppId, JsonObject? Error)> AuthorizeAsync(string? token, string api, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, SimulatorResponses.Error(41001));
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        var issued = await db.Set<SimToken>().AsNoTracking().FirstOrDefaultAsync(t => t.Value == token && t.Kind == WeChatApiCredential.AccessToken, cancellationToken);
        if (issued is null)
        {
            return (null, SimulatorResponses.Error(40001));
        }

        controls.Count(issued.AppId, api);
        return issued.ExpiresUtc <= Now ? (issued.AppId, SimulatorResponses.Error(42001)) : (issued.AppId, null);
    }

    /// <summary>Test and demo hook: every token of the account expires now (the next call gets 42001).</summary>
    public async Task ExpireTokensAsync(string appId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var now = Now;
        await db.Set<SimToken>().Where(t => t.AppId == appId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresUtc, now.AddSeconds(-1)), cancellationToken);
    }

    public async Task<long> TokensIssuedAsync(string appId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<SimToken>().LongCountAsync(t => t.AppId == appId && t.Kind == WeChatApiCredential.AccessToken, cancellationToken);
    }

    public async Task<JsonObject> JsApiTicketAsync(string appId, CancellationToken cancellationToken) =>
        new()
        {
            ["errcode"] = 0,
            ["errmsg"] = "ok",
            ["ticket"] = await IssueAsync(appId, WeChatApiCredential.JsApiTicket, cancellationToken),
            ["expires_in"] = TokenLifetimeSeconds,
        };

    public async Task<SimFollower> UpsertFollowerAsync(string appId, string openId, bool subscribed, string? scene, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var follower = await db.Set<SimFollower>().FirstOrDefaultAsync(f => f.AppId == appId && f.OpenId == openId, cancellationToken);
        if (follower is null)
        {
            follower = new SimFollower { AppId = appId, OpenId = openId };
            db.Add(follower);
        }

        if (subscribed && !follower.Subscribed)
        {
            follower.SubscribeTimeUtc = Now;
            follower.Scene = scene;
        }

        follower.Subscribed = subscribed;
        await db.SaveChangesAsync(cancellationToken);
        return follower;
    }

    public async Task<IReadOnlyList<SimFollower>> FollowersAsync(string appId, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<SimFollower>().AsNoTracking().Where(f => f.AppId == appId).OrderByDescending(f => f.Id).Take(take).ToListAsync(cancellationToken);
    }

    public async Task<JsonObject> UserInfoAsync(string appId, string? openId, CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var follower = await db.Set<SimFollower>().AsNoTracking().FirstOrDefaultAsync(f => f.AppId == appId && f.OpenId == openId, cancellationToken);
        if (follower is null)
        {
            return SimulatorResponses.Error(40003);
        }

        if (!follower.Subscribed)
        {
            return new JsonObject { ["subscribe"] = 0, ["openid"] = follower.OpenId };
        }

        var tags = await db.Set<SimFollowerTag>().AsNoTracking().Where(t => t.AppId == appId && t.OpenId == openId).Select(t => t.TagId).ToListAsync(cancellationToken);
        return new JsonObject
        {
            ["subscribe"] = 1,
            ["openid"] = follower.OpenId,
            ["language"] = "zh_CN",
            ["subscribe_time"] = follower.SubscribeTimeUtc is { } t ? new DateTimeOffset(t, TimeSpan.Zero).ToUnixTimeSeconds() : 0,
            ["unionid"] = follower.UnionId,
            ["remark"] = follower.Remark ?? string.Empty,
            ["groupid"] = 0,
            ["tagid_list"] = new JsonArray(tags.Select(id => (JsonNode)id).ToArray()),
            ["subscribe_scene"] = follower.Scene is null ? "ADD_SCENE_SEARCH" : "ADD_SCENE_QR_CODE",
            ["qr_scene"] = 0,
            ["qr_scene_str"] = follower.Scene ?? string.Empty,
        };
    }

    /// <summary>user/get: subscribed openids in pages, continued from next_openid.</summary>
    public async Task<JsonObject> UserListAsync(string appId, string? nextOpenId, CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var subscribed = db.Set<SimFollower>().AsNoTracking().Where(f => f.AppId == appId && f.Subscribed);
        var total = await subscribed.CountAsync(cancellationToken);
        var after = 0L;
        if (!string.IsNullOrEmpty(nextOpenId))
        {
            after = await subscribed.Where(f => f.OpenId == nextOpenId).Select(f => f.Id).FirstOrDefaultAsync(cancellationToken);
        }

        var page = await subscribed.Where(f => f.Id > after).OrderBy(f => f.Id).Take(controls.UserListPageSizeFor(appId)).Select(f => f.OpenId).ToListAsync(cancellationToken);
        var response = new JsonObject { ["total"] = total, ["count"] = page.Count, ["next_openid"] = page.Count == 0 ? string.Empty : page[^1] };
        if (page.Count > 0)
        {
            response["data"] = new JsonObject { ["openid"] = new JsonArray(page.Select(o => (JsonNode)o).ToArray()) };
        }

        return response;
    }

    public async Task<JsonObject> CreateTagAsync(string appId, JsonObject body, CancellationToken cancellationToken)
    {
        var name = body["tag"]?["name"]?.GetValue<string>()?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return SimulatorResponses.Error(47001);
        }

        if (Encoding.UTF8.GetByteCount(name) > WeChatPlatformLimits.MaxTagNameBytes)
        {
            return SimulatorResponses.Error(45158);
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        var tags = db.Set<SimTag>().Where(t => t.AppId == appId);
        if (await tags.AnyAsync(t => t.Name == name, cancellationToken))
        {
            return SimulatorResponses.Error(45157);
        }

        if (await tags.CountAsync(cancellationToken) >= WeChatPlatformLimits.MaxTagsPerAccount)
        {
            return SimulatorResponses.Error(45056);
        }

        var tag = new SimTag { AppId = appId, Name = name };
        db.Add(tag);
        await db.SaveChangesAsync(cancellationToken);
        return new JsonObject { ["tag"] = new JsonObject { ["id"] = tag.TagId, ["name"] = tag.Name } };
    }

    public async Task<JsonObject> ListTagsAsync(string appId, CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var tags = await db.Set<SimTag>().AsNoTracking().Where(t => t.AppId == appId).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        var counts = await db.Set<SimFollowerTag>().AsNoTracking().Where(t => t.AppId == appId).GroupBy(t => t.TagId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return new JsonObject
        {
            ["tags"] = new JsonArray(tags.Select(t => (JsonNode)new JsonObject { ["id"] = t.TagId, ["name"] = t.Name, ["count"] = counts.GetValueOrDefault(t.TagId) }).ToArray()),
        };
    }

    public async Task<JsonObject> DeleteTagAsync(string appId, JsonObject body, CancellationToken cancellationToken)
    {
        var tagId = body["tag"]?["id"]?.GetValue<long>() ?? -1;
        if (WeChatPlatformLimits.IsReservedTag(tagId))
        {
            return SimulatorResponses.Error(45058);
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        var deleted = await db.Set<SimTag>().Where(t => t.AppId == appId && t.Id == tagId - 100).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return SimulatorResponses.Error(45159);
        }

        await db.Set<SimFollowerTag>().Where(t => t.AppId == appId && t.TagId == tagId).ExecuteDeleteAsync(cancellationToken);
        return SimulatorResponses.Ok();
    }

    /// <summary>batchtagging / batchuntagging with the platform's checks, all-or-nothing.</summary>
    public async Task<JsonObject> BatchTagAsync(string appId, JsonObject body, bool add, CancellationToken cancellationToken)
    {
        var openIds = (body["openid_list"] as JsonArray ?? []).Select(o => o?.GetValue<string>() ?? string.Empty).Distinct(StringComparer.Ordinal).ToList();
        var tagId = body["tagid"]?.GetValue<long>() ?? -1;
        if (openIds.Count == 0 || openIds.Count > WeChatPlatformLimits.MaxOpenIdsPerBatchTagging)
        {
            return SimulatorResponses.Error(40032);
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        if (!await db.Set<SimTag>().AnyAsync(t => t.AppId == appId && t.Id == tagId - 100, cancellationToken))
        {
            return SimulatorResponses.Error(45159);
        }

        var known = await db.Set<SimFollower>().AsNoTracking().Where(f => f.AppId == appId && openIds.Contains(f.OpenId)).Select(f => f.OpenId).ToListAsync(cancellationToken);
        if (known.Count != openIds.Count)
        {
            return SimulatorResponses.Error(40003);
        }

        var existing = await db.Set<SimFollowerTag>().Where(t => t.AppId == appId && openIds.Contains(t.OpenId)).ToListAsync(cancellationToken);
        if (!add)
        {
            db.RemoveRange(existing.Where(t => t.TagId == tagId));
            await db.SaveChangesAsync(cancellationToken);
            return SimulatorResponses.Ok();
        }

        var missing = openIds.Where(o => !existing.Any(t => t.OpenId == o && t.TagId == tagId)).ToList();
        if (missing.Any(o => existing.Count(t => t.OpenId == o) >= WeChatPlatformLimits.MaxTagsPerFollower))
        {
            return SimulatorResponses.Error(45059);
        }

        db.AddRange(missing.Select(o => new SimFollowerTag { AppId = appId, OpenId = o, TagId = tagId }));
        await db.SaveChangesAsync(cancellationToken);
        return SimulatorResponses.Ok();
    }

    public async Task<JsonObject> TagIdsOfAsync(string appId, JsonObject body, CancellationToken cancellationToken)
    {
        var openId = body["openid"]?.GetValue<string>();
        await using var db = await session.CreateContextAsync(cancellationToken);
        if (!await db.Set<SimFollower>().AnyAsync(f => f.AppId == appId && f.OpenId == openId, cancellationToken))
        {
            return SimulatorResponses.Error(40003);
        }

        var ids = await db.Set<SimFollowerTag>().AsNoTracking().Where(t => t.AppId == appId && t.OpenId == openId).Select(t => t.TagId).ToListAsync(cancellationToken);
        return new JsonObject { ["tagid_list"] = new JsonArray(ids.Select(i => (JsonNode)i).ToArray()) };
    }

    /// <summary>Custom (客服) messages reach only subscribed users.</summary>
    public async Task<JsonObject> CustomSendAsync(string appId, JsonObject body, CancellationToken cancellationToken)
    {
        var error = await CheckRecipientAsync(appId, body["touser"]?.GetValue<string>(), cancellationToken);
        return error ?? await RecordAsync(appId, "message/custom/send", body["touser"]?.GetValue<string>(), body, SimulatorResponses.Ok(), cancellationToken);
    }

    public async Task<JsonObject> TemplateSendAsync(string appId, JsonObject body, CancellationToken cancellationToken)
    {
        var error = await CheckRecipientAsync(appId, body["touser"]?.GetValue<string>(), cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var response = SimulatorResponses.Ok();
        response["msgid"] = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue);
        return await RecordAsync(appId, "message/template/send", body["touser"]?.GetValue<string>(), body, response, cancellationToken);
    }

    /// <summary>Mass send to a tag or everybody: a daily quota per account (shared with sends by openid); over it, 45009 and nothing is sent.</summary>
    public async Task<JsonObject> MassSendAsync(string appId, JsonObject body, CancellationToken cancellationToken)
    {
        if (await OverMassQuotaAsync(appId, cancellationToken))
        {
            return SimulatorResponses.Error(45009);
        }

        return await RecordAsync(appId, "message/mass/sendall", null, body, MassJobResponse(), cancellationToken);
    }

    /// <summary>message/mass/send: 2 to 10,000 openids of the account (40130 otherwise), within the same daily quota.</summary>
    public async Task<JsonObject> MassSendToOpenIdsAsync(string appId, JsonObject body, CancellationToken cancellationToken)
    {
        var openIds = (body["touser"] as JsonArray ?? []).Select(o => o?.GetValue<string>()).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (openIds.Count is < 2 or > 10_000)
        {
            return SimulatorResponses.Error(40130);
        }

        await using (var db = await session.CreateContextAsync(cancellationToken))
        {
            var known = await db.Set<SimFollower>().AsNoTracking().CountAsync(f => f.AppId == appId && openIds.Contains(f.OpenId), cancellationToken);
            if (known < openIds.Count)
            {
                return SimulatorResponses.Error(40003);
            }
        }

        if (await OverMassQuotaAsync(appId, cancellationToken))
        {
            return SimulatorResponses.Error(45009);
        }

        return await RecordAsync(appId, "message/mass/send", null, body, MassJobResponse(), cancellationToken);
    }

    /// <summary>message/mass/preview: one subscribed user sees the message; no quota is used.</summary>
    public async Task<JsonObject> MassPreviewAsync(string appId, JsonObject body, CancellationToken cancellationToken)
    {
        var openId = body["touser"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var error = await CheckRecipientAsync(appId, openId, cancellationToken);
        return error ?? await RecordAsync(appId, "message/mass/preview", openId, body, SimulatorResponses.Ok("preview success"), cancellationToken);
    }

    private async Task<bool> OverMassQuotaAsync(string appId, CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var dayStart = Now.Date;
        var sentToday = await db.Set<SimOutbound>().CountAsync(o => o.AppId == appId && (o.Api == "message/mass/sendall" || o.Api == "message/mass/send") && o.CreatedUtc >= dayStart, cancellationToken);
        return sentToday >= controls.MassSendDailyQuota(appId);
    }

    private static JsonObject MassJobResponse()
    {
        var response = SimulatorResponses.Ok("send job submission success");
        response["msg_id"] = RandomNumberGenerator.GetInt32(1_000_000, int.MaxValue);
        response["msg_data_id"] = RandomNumberGenerator.GetInt32(1_000_000, int.MaxValue);
        return response;
    }

    /// <summary>menu/create with WeChat's checks (the first broken rule answers, as the platform does); the last accepted menu is the live one.</summary>
    public async Task<JsonObject> CreateMenuAsync(string appId, JsonObject body, CancellationToken cancellationToken)
    {
        if (WeChatMenuValidator.Validate(body) is [var first, ..])
        {
            return SimulatorResponses.Error(first.Code);
        }

        return await RecordAsync(appId, "menu/create", null, body, SimulatorResponses.Ok(), cancellationToken);
    }

    public async Task<JsonObject> DeleteMenuAsync(string appId, CancellationToken cancellationToken) =>
        await RecordAsync(appId, "menu/delete", null, [], SimulatorResponses.Ok(), cancellationToken);

    /// <summary>menu/get: {"menu": {"button": [...]}}, or 46003 when the account has no menu.</summary>
    public async Task<JsonObject> GetMenuAsync(string appId, CancellationToken cancellationToken) =>
        await CurrentMenuAsync(appId, cancellationToken) is { } menu ? new JsonObject { ["menu"] = menu } : SimulatorResponses.Error(46003);

    /// <summary>The live menu: the latest menu/create, unless a menu/delete came after it.</summary>
    public async Task<JsonObject?> CurrentMenuAsync(string appId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var last = await db.Set<SimOutbound>().AsNoTracking()
            .Where(o => o.AppId == appId && (o.Api == "menu/create" || o.Api == "menu/delete"))
            .OrderByDescending(o => o.Id).FirstOrDefaultAsync(cancellationToken);
        return last is { Api: "menu/create" } && JsonNode.Parse(last.Body) is JsonObject body && body["button"] is JsonArray buttons
            ? new JsonObject { ["button"] = buttons.DeepClone() }
            : null;
    }

    /// <summary>Customer-service messages the platform delivered to one user, oldest first (the phone's chat).</summary>
    public async Task<IReadOnlyList<SimOutbound>> CustomMessagesToAsync(string appId, string openId, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var latest = await db.Set<SimOutbound>().AsNoTracking()
            .Where(o => o.AppId == appId && o.Api == "message/custom/send" && o.ToUser == openId)
            .OrderByDescending(o => o.Id).Take(take).ToListAsync(cancellationToken);
        latest.Reverse();
        return latest;
    }

    public async Task<JsonObject> CreateQrCodeAsync(string appId, JsonObject body, CancellationToken cancellationToken)
    {
        var action = body["action_name"]?.GetValue<string>();
        var scene = body["action_info"]?["scene"];
        var sceneValue = scene?["scene_str"]?.GetValue<string>() ?? scene?["scene_id"]?.ToString();
        if (action is not ("QR_SCENE" or "QR_STR_SCENE" or "QR_LIMIT_SCENE" or "QR_LIMIT_STR_SCENE") || string.IsNullOrEmpty(sceneValue) || sceneValue.Length > 64)
        {
            return SimulatorResponses.Error(47001);
        }

        var permanent = action.StartsWith("QR_LIMIT", StringComparison.Ordinal);
        // WeChat's limits: temporary codes live at most 30 days; integer scenes are 1..100000 for
        // permanent codes and a non-zero 32-bit value for temporary ones; scene_id only with the int actions.
        var numeric = action is "QR_SCENE" or "QR_LIMIT_SCENE";
        if (numeric != (scene?["scene_id"] is not null)
            || (numeric && (!long.TryParse(sceneValue, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sceneId) || sceneId < 1 || sceneId > (permanent ? 100_000 : uint.MaxValue)))
            || (!permanent && body["expire_seconds"] is { } requested && (!int.TryParse(requested.ToString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds > 2_592_000)))
        {
            return SimulatorResponses.Error(40035);
        }

        var expires = permanent ? 0 : Math.Clamp(body["expire_seconds"]?.GetValue<int>() ?? 60, 60, 2_592_000);
        // The ticket encodes app and scene so showqrcode and the phone can read them back.
        var ticket = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{appId}|{sceneValue}|{Guid.NewGuid():N}"));
        var response = new JsonObject { ["ticket"] = ticket, ["url"] = $"http://weixin.qq.com/q/sim_{Uri.EscapeDataString(sceneValue)}" };
        if (!permanent)
        {
            response["expire_seconds"] = expires;
        }

        return await RecordAsync(appId, "qrcode/create", null, body, response, cancellationToken);
    }

    /// <summary>The authorize page's code for a user: valid 5 minutes, usable once.</summary>
    public async Task<string> IssueOAuthCodeAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using var db = await session.CreateContextAsync(cancellationToken);
        db.Add(new SimOAuthCode { Code = code, AppId = appId, OpenId = openId, ExpiresUtc = Now.AddMinutes(5) });
        await db.SaveChangesAsync(cancellationToken);
        return code;
    }

    public async Task<JsonObject> ExchangeOAuthCodeAsync(string? appId, string? secret, string? code, CancellationToken cancellationToken)
    {
        var account = appId is null ? null : await accounts.GetKeysAsync(appId, cancellationToken);
        if (account is null || !account.Simulated)
        {
            return SimulatorResponses.Error(40013);
        }

        if (!FixedEquals(account.AppSecret, secret))
        {
            return SimulatorResponses.Error(40125);
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        var now = Now;
        // Single use, decided by one conditional update.
        var claimed = await db.Set<SimOAuthCode>().Where(c => c.Code == code && c.AppId == appId && c.UsedUtc == null && c.ExpiresUtc > now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedUtc, now), cancellationToken);
        if (claimed == 0)
        {
            var used = await db.Set<SimOAuthCode>().AnyAsync(c => c.Code == code && c.UsedUtc != null, cancellationToken);
            return SimulatorResponses.Error(used ? 40163 : 40029);
        }

        var openId = await db.Set<SimOAuthCode>().Where(c => c.Code == code).Select(c => c.OpenId).FirstAsync(cancellationToken);
        return new JsonObject
        {
            ["access_token"] = "sns_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["expires_in"] = 7200,
            ["refresh_token"] = "snsr_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["openid"] = openId,
            ["scope"] = "snsapi_base",
        };
    }

    public async Task<IReadOnlyList<SimOutbound>> OutboundAsync(string appId, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<SimOutbound>().AsNoTracking().Where(o => o.AppId == appId).OrderByDescending(o => o.Id).Take(take).ToListAsync(cancellationToken);
    }

    private async Task<JsonObject?> CheckRecipientAsync(string appId, string? openId, CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var follower = await db.Set<SimFollower>().AsNoTracking().FirstOrDefaultAsync(f => f.AppId == appId && f.OpenId == openId, cancellationToken);
        return follower is null ? SimulatorResponses.Error(40003) : follower.Subscribed ? null : SimulatorResponses.Error(43004);
    }

    private async Task<JsonObject> RecordAsync(string appId, string api, string? toUser, JsonObject body, JsonObject response, CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        db.Add(new SimOutbound { AppId = appId, Api = api, ToUser = toUser, Body = body.ToJsonString(), CreatedUtc = Now });
        await db.SaveChangesAsync(cancellationToken);
        return response;
    }

    private async Task<string> IssueAsync(string appId, string kind, CancellationToken cancellationToken)
    {
        var value = (kind == WeChatApiCredential.AccessToken ? "simtok_" : "simtkt_") + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using var db = await session.CreateContextAsync(cancellationToken);
        db.Add(new SimToken { Value = value, AppId = appId, Kind = kind, IssuedUtc = Now, ExpiresUtc = Now.AddSeconds(TokenLifetimeSeconds) });
        await db.SaveChangesAsync(cancellationToken);
        return value;
    }

    private static bool FixedEquals(string expected, string? provided) =>
        provided is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(provided));
}
