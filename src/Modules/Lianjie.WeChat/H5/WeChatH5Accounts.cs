using Lianjie.WeChat.Accounts;
using Microsoft.Extensions.Configuration;

namespace Lianjie.WeChat.H5;

/// <summary>The account H5 pages authorise with: WeChat:H5AppId when set, else the first account created.</summary>
public sealed class WeChatH5Accounts(WeChatAccountService accounts, IConfiguration configuration)
{
    public async Task<WeChatAccountKeys?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var appId = configuration["WeChat:H5AppId"];
        if (string.IsNullOrEmpty(appId))
        {
            appId = (await accounts.ListAsync(cancellationToken)).OrderBy(a => a.Id).FirstOrDefault()?.AppId;
        }

        return appId is null ? null : await accounts.GetKeysAsync(appId, cancellationToken);
    }
}
