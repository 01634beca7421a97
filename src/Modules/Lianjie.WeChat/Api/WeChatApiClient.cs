using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lianjie.WeChat.Accounts;
using Microsoft.Extensions.Logging;

namespace Lianjie.WeChat.Api;

/// <summary>
/// Calls the WeChat API for one account: the access token comes from the shared cache, a token
/// the platform rejects (40001/42001/40014) is refreshed once and the call retried once; any
/// other errcode is raised as <see cref="WeChatApiException"/> (callers back off on 45009 and -1).
/// </summary>
public sealed class WeChatApiClient(
    IHttpClientFactory httpClients,
    WeChatAccountService accounts,
    WeChatCredentialStore credentials,
    WeChatApiEndpoints endpoints,
    Sync.WeChatApiSettingsStore settings,
    ILogger<WeChatApiClient> logger)
{
    public const string HttpClientName = "Lianjie.WeChat";

    public async Task<JsonObject> GetAsync(string appId, string path, IReadOnlyDictionary<string, string>? query = null, CancellationToken cancellationToken = default) =>
        await CallAsync(appId, path, query, body: null, cancellationToken);

    public async Task<JsonObject> PostAsync(string appId, string path, JsonObject body, CancellationToken cancellationToken = default) =>
        await CallAsync(appId, path, null, body, cancellationToken);

    /// <summary>The account's access token from the shared cache (fetched once for all hosts when missing or near expiry).</summary>
    /// <remarks>With stable_token on, <paramref name="forceRefresh"/> (after a 40001) asks the platform for a new token.</remarks>
    public async Task<string> AccessTokenAsync(string appId, string? rejected = null, CancellationToken cancellationToken = default, bool forceRefresh = false)
    {
        var account = await AccountAsync(appId, cancellationToken);
        return await credentials.GetAsync(appId, WeChatApiCredential.AccessToken, async ct =>
        {
            if (await settings.UsesStableTokenAsync(appId, ct))
            {
                var stable = await SendAsync(account, "/cgi-bin/stable_token", null, new JsonObject
                {
                    ["grant_type"] = "client_credential",
                    ["appid"] = account.AppId,
                    ["secret"] = account.AppSecret,
                    ["force_refresh"] = forceRefresh,
                }, ct);
                ThrowOnError(stable);
                return (stable["access_token"]!.GetValue<string>(), ExpiresIn(stable));
            }

            var response = await SendAsync(account, "/cgi-bin/token", new Dictionary<string, string>
            {
                ["grant_type"] = "client_credential",
                ["appid"] = account.AppId,
                ["secret"] = account.AppSecret,
            }, null, ct);
            ThrowOnError(response);
            return (response["access_token"]!.GetValue<string>(), ExpiresIn(response));
        }, rejected, cancellationToken);
    }

    /// <summary>The JS-SDK ticket, cached and refreshed exactly like the access token.</summary>
    public async Task<string> JsApiTicketAsync(string appId, CancellationToken cancellationToken = default) =>
        await credentials.GetAsync(appId, WeChatApiCredential.JsApiTicket, async ct =>
        {
            var response = await GetAsync(appId, "/cgi-bin/ticket/getticket", new Dictionary<string, string> { ["type"] = "jsapi" }, ct);
            return (response["ticket"]!.GetValue<string>(), ExpiresIn(response));
        }, null, cancellationToken);

    /// <summary>OAuth web authorisation: trades a code (single-use) for the visitor's openid. Uses the AppSecret, not the access token.</summary>
    public async Task<(string OpenId, string? UnionId)> ExchangeOAuthCodeAsync(string appId, string code, CancellationToken cancellationToken = default)
    {
        var token = await ExchangeOAuthCodeForTokenAsync(appId, code, cancellationToken);
        return (token.OpenId, token.UnionId);
    }

    /// <summary>The code exchange with the web-authorisation token and the scope the user granted.</summary>
    public async Task<H5.WeChatOAuthToken> ExchangeOAuthCodeForTokenAsync(string appId, string code, CancellationToken cancellationToken = default)
    {
        var account = await AccountAsync(appId, cancellationToken);
        var response = await SendAsync(account, "/sns/oauth2/access_token", new Dictionary<string, string>
        {
            ["appid"] = account.AppId,
            ["secret"] = account.AppSecret,
            ["code"] = code,
            ["grant_type"] = "authorization_code",
        }, null, cancellationToken);
        ThrowOnError(response);
        return new H5.WeChatOAuthToken(
            response["openid"]!.GetValue<string>(),
            response["unionid"]?.GetValue<string>(),
            response["access_token"]?.GetValue<string>() ?? string.Empty,
            response["scope"]?.GetValue<string>() ?? H5.WeChatOAuthToken.BaseScope);
    }

    /// <summary>/sns/userinfo with a web-authorisation token of scope snsapi_userinfo (not the account's access token).</summary>
    public async Task<H5.WeChatUserProfile> SnsUserInfoAsync(string appId, H5.WeChatOAuthToken token, CancellationToken cancellationToken = default)
    {
        var account = await AccountAsync(appId, cancellationToken);
        var response = await SendAsync(account, "/sns/userinfo", new Dictionary<string, string>
        {
            ["access_token"] = token.AccessToken,
            ["openid"] = token.OpenId,
            ["lang"] = "zh_CN",
        }, null, cancellationToken);
        ThrowOnError(response);
        return new H5.WeChatUserProfile(
            response["openid"]?.GetValue<string>() ?? token.OpenId,
            response["nickname"]?.GetValue<string>(),
            response["headimgurl"]?.GetValue<string>(),
            response["unionid"]?.GetValue<string>());
    }

    private async Task<JsonObject> CallAsync(string appId, string path, IReadOnlyDictionary<string, string>? query, JsonObject? body, CancellationToken cancellationToken)
    {
        var account = await AccountAsync(appId, cancellationToken);
        var token = await AccessTokenAsync(appId, null, cancellationToken);
        var response = await SendAsync(account, path, WithToken(query, token), body, cancellationToken);
        if (ErrorCode(response) is { } code && WeChatApiException.IsTokenProblem(code))
        {
            // Another host may already have refreshed; the store only refreshes if this token is still current.
            logger.LogInformation("WeChat refused the token of {AppId} with {Code}; refreshing once", appId, code);
            token = await AccessTokenAsync(appId, token, cancellationToken, forceRefresh: code == WeChatApiException.InvalidCredential);
            response = await SendAsync(account, path, WithToken(query, token), body, cancellationToken);
        }

        ThrowOnError(response);
        return response;
    }

    private async Task<JsonObject> SendAsync(WeChatAccountKeys account, string path, IReadOnlyDictionary<string, string>? query, JsonObject? body, CancellationToken cancellationToken)
    {
        var url = endpoints.ApiBase(account) + path;
        if (query is { Count: > 0 })
        {
            url += "?" + string.Join("&", query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        }

        var http = httpClients.CreateClient(HttpClientName);
        using var response = body is null
            ? await http.GetAsync(new Uri(url), cancellationToken)
            : await http.PostAsync(new Uri(url), new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // WeChat answers 200 with an errcode; anything else is the network or a proxy: treat as busy.
            throw new WeChatApiException(WeChatApiException.SystemBusy, $"HTTP {(int)response.StatusCode} from {path}");
        }

        return await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? [];
    }

    private async Task<WeChatAccountKeys> AccountAsync(string appId, CancellationToken cancellationToken) =>
        await accounts.GetKeysAsync(appId, cancellationToken) ?? throw new KeyNotFoundException($"No WeChat account {appId}.");

    private static Dictionary<string, string> WithToken(IReadOnlyDictionary<string, string>? query, string token)
    {
        var all = query is null ? new Dictionary<string, string>() : new Dictionary<string, string>(query);
        all["access_token"] = token;
        return all;
    }

    private static int? ErrorCode(JsonObject response) =>
        response["errcode"] is JsonValue value && value.TryGetValue<int>(out var code) && code != 0 ? code : null;

    private static void ThrowOnError(JsonObject response)
    {
        if (ErrorCode(response) is { } code)
        {
            throw new WeChatApiException(code, response["errmsg"]?.ToString() ?? string.Empty);
        }
    }

    private static int ExpiresIn(JsonObject response) =>
        response["expires_in"] is JsonValue v && v.TryGetValue<int>(out var seconds) ? seconds : 7200;

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
