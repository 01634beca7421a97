using Lianjie.WeChat.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Lianjie.WeChat.Api;

/// <summary>
/// Where an account's API calls and browser redirects go. Simulated accounts talk to the
/// simulator module over real HTTP, so the client code path is the one production uses.
/// </summary>
public sealed class WeChatApiEndpoints(IConfiguration configuration, IHttpContextAccessor httpContextAccessor)
{
    public const string PlatformApi = "https://api.weixin.qq.com";
    public const string PlatformOpen = "https://open.weixin.qq.com";
    public const string SimulatorPath = "/simulator";

    /// <summary>Base for /cgi-bin and /sns calls, without a trailing slash.</summary>
    public string ApiBase(WeChatAccountKeys account) =>
        account.ApiBaseUrl
        ?? (account.Simulated ? SimulatorBase() : configuration["WeChat:ApiBaseUrl"]?.TrimEnd('/') ?? PlatformApi);

    /// <summary>The OAuth authorize page the browser is sent to (the simulator's own page for simulated accounts).</summary>
    public string AuthorizeUrl(WeChatAccountKeys account) =>
        account.Simulated ? ApiBase(account) + "/connect/oauth2/authorize" : PlatformOpen + "/connect/oauth2/authorize";

    private string SimulatorBase()
    {
        if (configuration["WeChat:SimulatorBaseUrl"] is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/');
        }

        // In a request, the site is wherever the request came in; in background work, the configured URL.
        var request = httpContextAccessor.HttpContext?.Request;
        var site = request is not null ? $"{request.Scheme}://{request.Host}{request.PathBase}" : configuration["Lianjie:BaseUrl"]?.TrimEnd('/') ?? "http://localhost:5000";
        return site + SimulatorPath;
    }
}
