using System.Text.RegularExpressions;
using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.WeChat.Crypto;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Accounts;

/// <summary>
/// Accounts and their secrets: the only place secrets are protected and unprotected. Updates with
/// blank secrets keep the stored ones, so the admin form never needs to show them again.
/// </summary>
public sealed partial class WeChatAccountService(DbSession session, IDataProtectionProvider protection, WeChatAccountCache cache, AuditLog audit, TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Lianjie.WeChat.AccountSecrets");

    public async Task<IReadOnlyList<WeChatAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<WeChatAccount>().AsNoTracking().OrderBy(a => a.Name).ToListAsync(cancellationToken);
    }

    public async Task<WeChatAccount?> FindAsync(string appId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<WeChatAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.AppId == appId, cancellationToken);
    }

    /// <summary>The account with secrets in the clear; cached briefly because every callback needs it.</summary>
    public async Task<WeChatAccountKeys?> GetKeysAsync(string appId, CancellationToken cancellationToken = default)
    {
        if (cache.TryGet(appId, out var cached))
        {
            return cached;
        }

        var account = await FindAsync(appId, cancellationToken);
        var keys = account is null ? null : new WeChatAccountKeys(
            account.AppId,
            account.Name,
            _protector.Unprotect(account.ProtectedAppSecret),
            account.ProtectedEncodingAesKey is null ? null : _protector.Unprotect(account.ProtectedEncodingAesKey),
            account.Token,
            account.MessageMode,
            account.Simulated,
            account.ApiBaseUrl);
        cache.Set(appId, keys);
        return keys;
    }

    /// <summary>Creates the account or updates the one with the same AppId; returns true when created.</summary>
    public async Task<bool> UpsertAsync(WeChatAccountInput input, CancellationToken cancellationToken = default)
    {
        Validate(input);
        await using var db = await session.CreateContextAsync(cancellationToken);
        var account = await db.Set<WeChatAccount>().FirstOrDefaultAsync(a => a.AppId == input.AppId, cancellationToken);
        var created = account is null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (account is null)
        {
            if (string.IsNullOrWhiteSpace(input.AppSecret) || string.IsNullOrWhiteSpace(input.Token))
            {
                throw new ArgumentException("A new account needs its AppSecret and Token.");
            }

            account = new WeChatAccount { AppId = input.AppId, CreatedUtc = now };
            db.Add(account);
        }

        account.Name = input.Name.Trim();
        if (!string.IsNullOrWhiteSpace(input.Token))
        {
            account.Token = input.Token.Trim();
        }

        account.MessageMode = input.MessageMode;
        account.Simulated = input.Simulated;
        account.ApiBaseUrl = string.IsNullOrWhiteSpace(input.ApiBaseUrl) ? null : input.ApiBaseUrl.Trim().TrimEnd('/');
        account.UpdatedUtc = now;
        if (!string.IsNullOrWhiteSpace(input.AppSecret))
        {
            account.ProtectedAppSecret = _protector.Protect(input.AppSecret.Trim());
            account.SecretHint = Hint(input.AppSecret.Trim());
        }

        if (!string.IsNullOrWhiteSpace(input.EncodingAesKey))
        {
            account.ProtectedEncodingAesKey = _protector.Protect(input.EncodingAesKey.Trim());
            account.AesKeyHint = Hint(input.EncodingAesKey.Trim());
        }

        if (account.MessageMode != WeChatMessageMode.Plain && account.ProtectedEncodingAesKey is null)
        {
            throw new ArgumentException("Compatible and safe modes need an EncodingAESKey.");
        }

        await db.SaveChangesAsync(cancellationToken);
        cache.Remove(input.AppId);
        // Never the secrets themselves in the audit trail.
        await audit.RecordAsync(created ? "wechat.account.create" : "wechat.account.update", input.AppId, $"{account.Name}; {account.MessageMode}; simulated={account.Simulated}", cancellationToken: cancellationToken);
        return created;
    }

    public async Task<bool> DeleteAsync(string appId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var account = await db.Set<WeChatAccount>().FirstOrDefaultAsync(a => a.AppId == appId, cancellationToken);
        if (account is null)
        {
            return false;
        }

        db.Remove(account);
        await db.SaveChangesAsync(cancellationToken);
        cache.Remove(appId);
        await audit.RecordAsync("wechat.account.delete", appId, cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>"••••••••ab12": enough to tell secrets apart, never enough to use one.</summary>
    public static string Mask(string? hint) => string.IsNullOrEmpty(hint) ? string.Empty : "••••••••" + hint;

    private static string Hint(string secret) => secret.Length <= 8 ? string.Empty : secret[^4..];

    private static void Validate(WeChatAccountInput input)
    {
        if (string.IsNullOrWhiteSpace(input.AppId) || !AppIdPattern().IsMatch(input.AppId))
        {
            throw new ArgumentException("The AppId must be 1 to 64 letters, digits, '_' or '-'.");
        }

        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 100)
        {
            throw new ArgumentException("The account needs a name of at most 100 characters.");
        }

        // The WeChat console accepts 3..32 letters and digits for the Token.
        if (!string.IsNullOrWhiteSpace(input.Token) && !TokenPattern().IsMatch(input.Token.Trim()))
        {
            throw new ArgumentException("The Token must be 3 to 32 letters or digits.");
        }

        if (!string.IsNullOrWhiteSpace(input.EncodingAesKey))
        {
            try
            {
                _ = new WeChatMessageCipher(input.EncodingAesKey.Trim());
            }
            catch (WeChatCryptoException e)
            {
                throw new ArgumentException("The EncodingAESKey is not valid: " + e.Message);
            }
        }

        if (!string.IsNullOrWhiteSpace(input.ApiBaseUrl) && !Uri.TryCreate(input.ApiBaseUrl.Trim(), UriKind.Absolute, out _))
        {
            throw new ArgumentException("The API base URL must be an absolute URL.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex AppIdPattern();

    [GeneratedRegex("^[A-Za-z0-9]{3,32}$")]
    private static partial Regex TokenPattern();
}
