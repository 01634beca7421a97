using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;

namespace Lianjie.Contents.Tracking;

/// <summary>Who shared a link: a follower when known, else the anonymous visitor (merged later).</summary>
public sealed record Sharer(long? FollowerId, string? VisitorId);

/// <summary>What a rendered article page may report: this visitor, this item, credited to this sharer.</summary>
public sealed record PageGrant(string VisitorId, string ContentItemId, Sharer? Sharer);

/// <summary>
/// Signed (and encrypted) tokens with Data Protection, so neither links nor beacons carry raw ids
/// that could be forged: the share token in links ("?s=") and the page token beacons echo back.
/// </summary>
public sealed class TrackingTokens(IDataProtectionProvider protection, TimeProvider clock, ILogger<TrackingTokens> logger)
{
    public static readonly TimeSpan ShareLifetime = TimeSpan.FromDays(30);
    public static readonly TimeSpan PageLifetime = TimeSpan.FromHours(12);

    private readonly ITimeLimitedDataProtector _share = protection.CreateProtector("Lianjie.Contents.Share").ToTimeLimitedDataProtector();
    private readonly ITimeLimitedDataProtector _page = protection.CreateProtector("Lianjie.Contents.PageToken").ToTimeLimitedDataProtector();

    public string CreateShareToken(Sharer sharer) =>
        _share.Protect(Encode(sharer), clock.GetUtcNow().Add(ShareLifetime));

    /// <summary>Null for a forged, tampered or expired token (logged, then ignored).</summary>
    public Sharer? ReadShareToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var text = _share.Unprotect(token, out var expiration);
            // Data Protection checks expiry against the system clock; check ours too so tests and skewed hosts agree.
            return expiration < clock.GetUtcNow() ? Rejected("expired") : Decode(text);
        }
        catch (CryptographicException)
        {
            return Rejected("forged or expired");
        }
    }

    public string CreatePageToken(PageGrant grant) =>
        _page.Protect(string.Join('\n', grant.VisitorId, grant.ContentItemId, grant.Sharer is null ? string.Empty : Encode(grant.Sharer)), clock.GetUtcNow().Add(PageLifetime));

    public PageGrant? ReadPageToken(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
        {
            return null;
        }

        try
        {
            var parts = _page.Unprotect(token, out var expiration).Split('\n');
            if (parts.Length != 3 || expiration < clock.GetUtcNow())
            {
                return null;
            }

            return new PageGrant(parts[0], parts[1], parts[2].Length == 0 ? null : Decode(parts[2]));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static string Encode(Sharer sharer) =>
        sharer.FollowerId is { } id ? "f:" + id.ToString(CultureInfo.InvariantCulture) : "v:" + sharer.VisitorId;

    private static Sharer? Decode(string text) => text switch
    {
        _ when text.StartsWith("f:", StringComparison.Ordinal) && long.TryParse(text[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var id) => new Sharer(id, null),
        _ when text.StartsWith("v:", StringComparison.Ordinal) && text.Length > 2 => new Sharer(null, text[2..]),
        _ => null,
    };

    private Sharer? Rejected(string why)
    {
        logger.LogWarning("Ignored a share token that is {Reason}", why);
        return null;
    }
}
