namespace Lianjie.Contents.Parts;

/// <summary>
/// Makes a slug (or whole autoroute path) unique by appending -2, -3, ... as Orchard does.
/// The "exists" predicate is the caller's lookup (database, in-memory list); it should ignore
/// the item being saved so re-saving an item keeps its own path.
/// </summary>
public sealed class SlugCollisionResolver(int maxLength = SlugGenerator.DefaultMaxLength, int maxAttempts = 1000)
{
    public string Resolve(string slug, Func<string, bool> exists)
    {
        foreach (var candidate in Candidates(slug))
        {
            if (!exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No free slug for '{slug}' after {maxAttempts} attempts.");
    }

    public async Task<string> ResolveAsync(string slug, Func<string, CancellationToken, ValueTask<bool>> exists, CancellationToken cancellationToken = default)
    {
        foreach (var candidate in Candidates(slug))
        {
            if (!await exists(candidate, cancellationToken).ConfigureAwait(false))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No free slug for '{slug}' after {maxAttempts} attempts.");
    }

    private IEnumerable<string> Candidates(string slug)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(slug);
        yield return SlugGenerator.Truncate(slug, maxLength);
        for (var n = 2; n <= maxAttempts; n++)
        {
            var suffix = "-" + n;
            // Shorten the base, not the suffix, so the result stays within the max length.
            yield return SlugGenerator.Truncate(slug, Math.Max(1, maxLength - suffix.Length)).TrimEnd('-') + suffix;
        }
    }
}
