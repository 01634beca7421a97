using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.Core.Security;
using Lianjie.Users.Models;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Users.Services;

public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
    Disabled,
}

public sealed record SignInResult(SignInOutcome Outcome, UserRecord? User, DateTime? LockedUntilUtc = null);

/// <summary>Accounts: create, verify passwords (PBKDF2 via Identity's hasher), lock out after repeated failures.</summary>
public sealed class UserService(DbSession session, AuditLog audit, TimeProvider clock) : IAdminAccountCreator
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    private static readonly PasswordHasher<UserRecord> Hasher = new();

    public static string Normalize(string userName) => userName.Trim().ToUpperInvariant();

    public async Task<UserRecord> CreateAsync(string userName, string password, string? email, IEnumerable<string> roles, CancellationToken cancellationToken = default)
    {
        ValidatePassword(password);
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > 100)
        {
            throw new ArgumentException("A user name is required (at most 100 characters).");
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        var normalized = Normalize(userName);
        if (await db.Set<UserRecord>().AnyAsync(u => u.NormalizedUserName == normalized, cancellationToken))
        {
            throw new ArgumentException($"The user name '{userName}' is taken.");
        }

        var user = new UserRecord
        {
            UserName = userName.Trim(),
            NormalizedUserName = normalized,
            Email = email,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
            Roles = string.Join(",", roles),
        };
        user.PasswordHash = Hasher.HashPassword(user, password);
        db.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("user.create", user.UserName, $"roles: {user.Roles}", cancellationToken: cancellationToken);
        return user;
    }

    public async Task CreateAdministratorAsync(string userName, string password, string? email, CancellationToken cancellationToken = default) =>
        await CreateAsync(userName, password, email, [CorePermissions.AdministratorRole], cancellationToken);

    public async Task<SignInResult> CheckPasswordAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var normalized = Normalize(userName);
        var user = await db.Set<UserRecord>().FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
        if (user is null)
        {
            // Hash anyway so a missing user costs the same time as a wrong password.
            Hasher.VerifyHashedPassword(new UserRecord(), DummyHash, password);
            return new SignInResult(SignInOutcome.Failed, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (!user.IsEnabled)
        {
            return new SignInResult(SignInOutcome.Disabled, user);
        }

        if (user.LockoutEndUtc > now)
        {
            return new SignInResult(SignInOutcome.LockedOut, user, user.LockoutEndUtc);
        }

        var verdict = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            user.AccessFailedCount++;
            SignInOutcome outcome = SignInOutcome.Failed;
            if (user.AccessFailedCount >= MaxFailedAttempts)
            {
                user.LockoutEndUtc = now + LockoutDuration;
                user.AccessFailedCount = 0;
                outcome = SignInOutcome.LockedOut;
            }

            await db.SaveChangesAsync(cancellationToken);
            if (outcome == SignInOutcome.LockedOut)
            {
                await audit.RecordAsync("user.lockout", user.UserName, $"locked until {user.LockoutEndUtc:u}", user.UserName, cancellationToken);
            }

            return new SignInResult(outcome, user, user.LockoutEndUtc);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = Hasher.HashPassword(user, password);
        }

        user.AccessFailedCount = 0;
        user.LockoutEndUtc = null;
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(SignInOutcome.Succeeded, user);
    }

    public async Task<(IReadOnlyList<UserRecord> Items, int Total)> ListAsync(string? search, string? sort, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var query = db.Set<UserRecord>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedUserName.Contains(term) || (u.Email != null && u.Email.ToUpper().Contains(term)));
        }

        var total = await query.CountAsync(cancellationToken);
        query = sort switch
        {
            "created" => query.OrderByDescending(u => u.Id),
            _ => query.OrderBy(u => u.NormalizedUserName),
        };
        return (await query.Skip(skip).Take(take).ToListAsync(cancellationToken), total);
    }

    public async Task SetRolesAsync(long userId, IEnumerable<string> roles, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var user = await db.Set<UserRecord>().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken) ?? throw new KeyNotFoundException($"User {userId} not found.");
        user.Roles = string.Join(",", roles.Distinct(StringComparer.OrdinalIgnoreCase));
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("user.roles", user.UserName, user.Roles, cancellationToken: cancellationToken);
    }

    public static void ValidatePassword(string password)
    {
        if (password.Length < 8 || !password.Any(char.IsLetter) || !password.Any(char.IsDigit))
        {
            throw new ArgumentException("The password needs at least 8 characters, with letters and digits.");
        }
    }

    private static readonly string DummyHash = Hasher.HashPassword(new UserRecord(), Guid.NewGuid().ToString());
}
