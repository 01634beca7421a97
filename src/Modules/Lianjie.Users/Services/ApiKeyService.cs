using System.Security.Cryptography;
using System.Text;
using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.Core.Security;
using Lianjie.Users.Models;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Users.Services;

/// <summary>
/// API keys look like "lj_PREFIX_SECRET". Only the SHA-256 of the whole key is stored; the prefix
/// finds the row, the hash is compared in constant time.
/// </summary>
public sealed class ApiKeyService(DbSession session, AuditLog audit, TimeProvider clock) : IApiKeyIssuer
{
    public async Task<IssuedApiKey> CreateAsync(string name, string role, string createdBy, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("An API key needs a name.");
        }

        var prefix = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = $"lj_{prefix}_{secret}";
        await using var db = await session.CreateContextAsync(cancellationToken);
        var record = new ApiKeyRecord
        {
            Name = name.Trim(),
            Prefix = prefix,
            Hash = Hash(key),
            Role = string.IsNullOrWhiteSpace(role) ? CorePermissions.AdministratorRole : role,
            CreatedBy = createdBy,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("apikey.create", record.Name, $"role {record.Role}", createdBy, cancellationToken);
        return new IssuedApiKey(record.Id, record.Name, key);
    }

    public async Task<ApiKeyRecord?> ValidateAsync(string key, CancellationToken cancellationToken = default)
    {
        var parts = key.Split('_', 3);
        if (parts.Length != 3 || parts[0] != "lj" || parts[1].Length != 8)
        {
            return null;
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        var record = await db.Set<ApiKeyRecord>().AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == parts[1], cancellationToken);
        if (record is null || record.RevokedUtc is not null)
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(record.Hash);
        var actual = Encoding.ASCII.GetBytes(Hash(key));
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? record : null;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<ApiKeyRecord>().AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(cancellationToken);
    }

    public async Task<bool> RevokeAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var record = await db.Set<ApiKeyRecord>().FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (record is null || record.RevokedUtc is not null)
        {
            return false;
        }

        record.RevokedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("apikey.revoke", record.Name, cancellationToken: cancellationToken);
        return true;
    }

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))).ToLowerInvariant();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '-');
}
