using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Sync;

/// <summary>Per-account API settings: whether tokens come from /cgi-bin/stable_token.</summary>
public sealed class WeChatApiSettingsStore(DbSession session, AuditLog audit)
{
    public async Task<bool> UsesStableTokenAsync(string appId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<WeChatAccountApiSettings>().AsNoTracking().Where(s => s.AppId == appId).Select(s => s.UseStableToken).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task SetStableTokenAsync(string appId, bool useStableToken, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var settings = await db.Set<WeChatAccountApiSettings>().FirstOrDefaultAsync(s => s.AppId == appId, cancellationToken);
        if (settings is null)
        {
            settings = new WeChatAccountApiSettings { AppId = appId };
            db.Add(settings);
        }

        settings.UseStableToken = useStableToken;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("wechat.account.stable-token", appId, useStableToken ? "on" : "off", cancellationToken: cancellationToken);
    }
}
