using System.Text.Json;
using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Followers.Models;
using Lianjie.Followers.Search;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Followers.Services;

/// <summary>
/// Changes profile fields. Field names are checked against the "FollowerProfile" content type
/// when the Contents feature provides one; otherwise any name of at most 64 characters is accepted.
/// </summary>
public sealed class FollowerProfileEditor(DbSession session, FollowerIndexAccessor indexes, IServiceProvider services)
{
    public const string ProfileContentType = "FollowerProfile";
    public const int MaxFieldNameLength = 64;
    public const int MaxValueLength = 2000;

    /// <summary>Returns the problem with <paramref name="changes"/>, or null when they are valid.</summary>
    public async Task<string?> ValidateAsync(JsonObject changes, CancellationToken cancellationToken = default)
    {
        HashSet<string>? known = null;
        if (services.GetService(typeof(IContentTypeFields)) is IContentTypeFields fields)
        {
            known = (await fields.GetFieldsAsync(ProfileContentType, cancellationToken)).Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        }

        foreach (var (name, value) in changes)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > MaxFieldNameLength)
            {
                return $"Field names are 1 to {MaxFieldNameLength} characters.";
            }

            if (known is not null && !known.Contains(name))
            {
                return $"'{name}' is not a field of the {ProfileContentType} type ({string.Join(", ", known.Order(StringComparer.Ordinal))}).";
            }

            if (value is not null && (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
            {
                return $"'{name}' must be a string or null.";
            }

            if (value is JsonValue s && s.GetValue<string>().Length > MaxValueLength)
            {
                return $"'{name}' is longer than {MaxValueLength} characters.";
            }
        }

        return null;
    }

    /// <summary>Applies validated changes (null removes a field); false when the follower does not exist.</summary>
    public async Task<FollowerRecord?> ApplyAsync(long followerId, JsonObject changes, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var follower = await db.Set<FollowerRecord>().FirstOrDefaultAsync(f => f.Id == followerId && f.ErasedUtc == null, cancellationToken);
        if (follower is null)
        {
            return null;
        }

        var profile = JsonNode.Parse(string.IsNullOrWhiteSpace(follower.Profile) ? "{}" : follower.Profile) as JsonObject ?? [];
        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                profile.Remove(name);
            }
            else
            {
                profile[name] = value.GetValue<string>();
            }
        }

        follower.Profile = profile.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await db.SaveChangesAsync(cancellationToken);

        // Profile edits are not ledger events, so the index is told directly.
        if (indexes.TryGet() is { } index)
        {
            await index.UpsertAsync([FollowerSearchDocuments.From(follower)], cancellationToken);
        }

        return follower;
    }
}
