using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Simulator.Models;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Simulator.Platform;

/// <summary>
/// The simulated platform's stable_token, user/info/batchget, tags/update and snsapi_userinfo,
/// with WeChat's rules: a stable token is the same while valid (a new one only in its last 5
/// minutes); force_refresh invalidates the previous one, at most 20 times a day and once per 30 s.
/// </summary>
public sealed class SimulatorSyncApi(DbSession session, WeChatAccountService accounts, SimulatorPlatform platform, SimulatorControls controls, StableTokenLimits limits, TimeProvider clock)
{
    public const string StableTokenPrefix = "simstb_";
    public const int MaxForceRefreshesPerDay = 20;
    public static readonly TimeSpan ForceRefreshInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan RenewWindow = TimeSpan.FromMinutes(5);
    public const int MaxUsersPerBatchGet = 100;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<JsonObject> StableTokenAsync(JsonObject body, CancellationToken cancellationToken)
    {
        if (body["grant_type"]?.GetValue<string>() != "client_credential")
        {
            return SimulatorResponses.Error(40002);
        }

        var appId = body["appid"]?.GetValue<string>();
        var account = appId is null ? null : await accounts.GetKeysAsync(appId, cancellationToken);
        if (account is null || !account.Simulated)
        {
            return SimulatorResponses.Error(40013);
        }

        var secret = body["secret"]?.GetValue<string>();
        if (secret is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(account.AppSecret), Encoding.UTF8.GetBytes(secret)))
        {
            return SimulatorResponses.Error(40125);
        }

        var force = body["force_refresh"] is JsonValue f && f.TryGetValue<bool>(out var flag) && flag;
        controls.Count(account.AppId, force ? "stable_token/force" : "stable_token");
        await using var db = await session.CreateContextAsync(cancellationToken);
        var tokens = db.Set<SimToken>().Where(t => t.AppId == account.AppId && t.Kind == WeChatApiCredential.AccessToken && t.Value.StartsWith(StableTokenPrefix));
        var now = Now;
        if (force)
        {
            if (limits.TryForce(account.AppId, now) is { } refused)
            {
                return SimulatorResponses.Error(refused);
            }

            // Forcing makes the previous stable token invalid at once.
            await tokens.ExecuteDeleteAsync(cancellationToken);
        }
        else if (await tokens.OrderByDescending(t => t.ExpiresUtc).FirstOrDefaultAsync(cancellationToken) is { } current && current.ExpiresUtc - RenewWindow > now)
        {
            return new JsonObject { ["access_token"] = current.Value, ["expires_in"] = (int)(current.ExpiresUtc - now).TotalSeconds };
        }

        var token = new SimToken
        {
            Value = StableTokenPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            AppId = account.AppId,
            Kind = WeChatApiCredential.AccessToken,
            IssuedUtc = now,
            ExpiresUtc = now.AddSeconds(SimulatorPlatform.TokenLifetimeSeconds),
        };
        db.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new JsonObject { ["access_token"] = token.Value, ["expires_in"] = SimulatorPlatform.TokenLifetimeSeconds };
    }

    /// <summary>user/info/batchget: up to 100 users per call, each answered as user/info would.</summary>
    public async Task<JsonObject> BatchGetUserInfoAsync(string appId, JsonObject body, CancellationToken cancellationToken)
    {
        var openIds = (body["user_list"] as JsonArray ?? []).Select(u => u?["openid"]?.GetValue<string>() ?? string.Empty).ToList();
        if (openIds.Count is 0 or > MaxUsersPerBatchGet)
        {
            return SimulatorResponses.Error(40032);
        }

        controls.Count(appId, "user/info/batchget:openids", openIds.Count);
        var list = new JsonArray();
        foreach (var openId in openIds)
        {
            var info = await platform.UserInfoAsync(appId, openId, cancellationToken);
            if (info["errcode"] is JsonValue code && code.GetValue<int>() != 0)
            {
                return info;
            }

            list.Add(info);
        }

        return new JsonObject { ["user_info_list"] = list };
    }

    /// <summary>tags/update: renames a created tag; system tags, unknown ids, long and duplicate names refused.</summary>
    public async Task<JsonObject> UpdateTagAsync(string appId, JsonObject body, CancellationToken cancellationToken)
    {
        var tagId = body["tag"]?["id"]?.GetValue<long>() ?? -1;
        var name = body["tag"]?["name"]?.GetValue<string>()?.Trim();
        if (WeChatPlatformLimits.IsReservedTag(tagId))
        {
            return SimulatorResponses.Error(45058);
        }

        if (string.IsNullOrEmpty(name))
        {
            return SimulatorResponses.Error(47001);
        }

        if (Encoding.UTF8.GetByteCount(name) > WeChatPlatformLimits.MaxTagNameBytes)
        {
            return SimulatorResponses.Error(45158);
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        var tag = await db.Set<SimTag>().FirstOrDefaultAsync(t => t.AppId == appId && t.Id == tagId - 100, cancellationToken);
        if (tag is null)
        {
            return SimulatorResponses.Error(45159);
        }

        if (await db.Set<SimTag>().AnyAsync(t => t.AppId == appId && t.Name == name && t.Id != tag.Id, cancellationToken))
        {
            return SimulatorResponses.Error(45157);
        }

        tag.Name = name;
        await db.SaveChangesAsync(cancellationToken);
        return SimulatorResponses.Ok();
    }

    public async Task SetProfileAsync(string appId, string openId, string nickname, string? headImgUrl, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var profile = await db.Set<SimProfile>().FirstOrDefaultAsync(p => p.AppId == appId && p.OpenId == openId, cancellationToken);
        if (profile is null)
        {
            profile = new SimProfile { AppId = appId, OpenId = openId };
            db.Add(profile);
        }

        profile.Nickname = nickname;
        profile.HeadImgUrl = headImgUrl;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The authorize page issued <paramref name="code"/> for this scope.</summary>
    public async Task RecordCodeScopeAsync(string code, string scope, CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        db.Add(new SimOAuthCodeScope { Code = code, Scope = scope });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>After a successful code exchange: the granted scope, and the sns token remembered for /sns/userinfo.</summary>
    public async Task<JsonObject> CompleteExchangeAsync(string appId, string code, JsonObject response, CancellationToken cancellationToken)
    {
        if (response["access_token"]?.GetValue<string>() is not { } token || response["openid"]?.GetValue<string>() is not { } openId)
        {
            return response;
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        var scope = await db.Set<SimOAuthCodeScope>().Where(c => c.Code == code).Select(c => c.Scope).FirstOrDefaultAsync(cancellationToken) ?? "snsapi_base";
        db.Add(new SimSnsToken { Value = token, AppId = appId, OpenId = openId, Scope = scope, ExpiresUtc = Now.AddSeconds(7200) });
        await db.SaveChangesAsync(cancellationToken);
        response["scope"] = scope;
        return response;
    }

    /// <summary>/sns/userinfo: needs an sns token of scope snsapi_userinfo for that very openid.</summary>
    public async Task<JsonObject> SnsUserInfoAsync(string? accessToken, string? openId, CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var token = await db.Set<SimSnsToken>().AsNoTracking().FirstOrDefaultAsync(t => t.Value == accessToken, cancellationToken);
        if (token is null || token.OpenId != openId)
        {
            return SimulatorResponses.Error(40001);
        }

        if (token.ExpiresUtc <= Now)
        {
            return SimulatorResponses.Error(42001);
        }

        if (token.Scope != "snsapi_userinfo")
        {
            return SimulatorResponses.Error(48001);
        }

        controls.Count(token.AppId, "sns/userinfo");
        var profile = await db.Set<SimProfile>().AsNoTracking().FirstOrDefaultAsync(p => p.AppId == token.AppId && p.OpenId == token.OpenId, cancellationToken);
        var unionId = await db.Set<SimFollower>().AsNoTracking().Where(f => f.AppId == token.AppId && f.OpenId == token.OpenId).Select(f => f.UnionId).FirstOrDefaultAsync(cancellationToken);
        var response = new JsonObject
        {
            ["openid"] = token.OpenId,
            ["nickname"] = profile?.Nickname ?? "微信用户" + token.OpenId[^Math.Min(4, token.OpenId.Length)..],
            ["sex"] = 0,
            ["province"] = string.Empty,
            ["city"] = string.Empty,
            ["country"] = string.Empty,
            ["headimgurl"] = profile?.HeadImgUrl ?? string.Empty,
            ["privilege"] = new JsonArray(),
        };
        if (unionId is not null)
        {
            response["unionid"] = unionId;
        }

        return response;
    }
}

/// <summary>Force refreshes of stable tokens per account and day (20) and their spacing (30 s): 45009 and 45011 past them.</summary>
public sealed class StableTokenLimits
{
    private readonly ConcurrentDictionary<string, (DateTime Day, int Count, DateTime Last)> _forces = new(StringComparer.Ordinal);

    public int? TryForce(string appId, DateTime now)
    {
        int? refused = null;
        _forces.AddOrUpdate(
            appId,
            _ => (now.Date, 1, now),
            (_, entry) =>
            {
                var count = entry.Day == now.Date ? entry.Count : 0;
                if (count >= SimulatorSyncApi.MaxForceRefreshesPerDay)
                {
                    refused = 45009;
                    return entry;
                }

                if (now - entry.Last < SimulatorSyncApi.ForceRefreshInterval)
                {
                    refused = 45011;
                    return entry;
                }

                refused = null;
                return (now.Date, count + 1, now);
            });
        return refused;
    }
}
