using Lianjie.Search.Index;

namespace Lianjie.Followers.Search;

/// <summary>
/// One open <see cref="FollowerSearchIndex"/> per folder for the whole process. Lucene allows a
/// single writer per folder, and during a feature change the old shell (still finishing requests)
/// and the new shell are alive together, so both lease the same instance; the last lease closes it.
/// </summary>
internal static class SharedFollowerIndexes
{
    private static readonly Dictionary<string, Entry> Open = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    public static FollowerSearchIndex Acquire(string folder)
    {
        var key = Path.GetFullPath(folder);
        lock (Gate)
        {
            if (!Open.TryGetValue(key, out var entry))
            {
                entry = new Entry(FollowerSearchIndex.Open(key));
                Open[key] = entry;
            }

            entry.Leases++;
            return entry.Index;
        }
    }

    public static void Release(string folder)
    {
        var key = Path.GetFullPath(folder);
        lock (Gate)
        {
            if (!Open.TryGetValue(key, out var entry))
            {
                return;
            }

            if (--entry.Leases == 0)
            {
                Open.Remove(key);
                entry.Index.Dispose();
            }
        }
    }

    private sealed class Entry(FollowerSearchIndex index)
    {
        public FollowerSearchIndex Index { get; } = index;

        public int Leases { get; set; }
    }
}
