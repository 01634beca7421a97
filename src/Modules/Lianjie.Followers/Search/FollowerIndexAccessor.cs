using Lianjie.Core.Shells;
using Lianjie.Search.Index;
using Microsoft.Extensions.Logging;

namespace Lianjie.Followers.Search;

/// <summary>
/// The shell's lease on the follower index (a singleton, released when the shell is disposed).
/// Opened lazily; when it cannot be opened, callers fall back to SQL filtering.
/// </summary>
public sealed class FollowerIndexAccessor(SiteOptions site, ILogger<FollowerIndexAccessor> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private FollowerSearchIndex? _index;
    private bool _failed;
    private bool _disposed;

    public string Folder { get; } = Path.Combine(site.DataDirectory, "indexes", "followers");

    /// <summary>The index, or null when it is unavailable (the caller then uses SQL).</summary>
    public FollowerSearchIndex? TryGet()
    {
        lock (_gate)
        {
            if (_index is not null || _failed || _disposed)
            {
                return _index;
            }

            try
            {
                _index = SharedFollowerIndexes.Acquire(Folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Lucene.Net.Store.LockObtainFailedException)
            {
                // Another process holds the folder (e.g. the CLI while the server runs): search by SQL.
                _failed = true;
                logger.LogWarning(e, "Follower search index at {Folder} is unavailable; falling back to SQL search", Folder);
            }

            return _index;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            if (_index is not null)
            {
                _index = null;
                SharedFollowerIndexes.Release(Folder);
            }
        }
    }
}
