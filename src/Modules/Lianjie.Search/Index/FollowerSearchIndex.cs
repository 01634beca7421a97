using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Lianjie.Search.Index;

/// <summary>
/// Full-text index of followers (Lucene). One instance owns its folder's write lock: open it once
/// per process and share it. Searches may run on any number of threads while writes happen; writes
/// are serialized and become visible to searches as soon as the write call returns (near real time),
/// and durable after <see cref="Commit"/> or <see cref="Dispose"/>.
/// </summary>
public sealed class FollowerSearchIndex : IDisposable
{
    /// <summary>Largest page a single search may ask for.</summary>
    public const int MaxTake = 1000;

    // Ties (same instant, or never active) break by follower id so paging is stable; no scoring needed.
    private static readonly Sort LastActiveFirst = new(
        new CachedInt64ComparerSource(FollowerIndexFields.LastActive).SortField(reverse: true),
        new CachedInt64ComparerSource(FollowerIndexFields.IdValue).SortField(reverse: false));

    private readonly LuceneDirectory _directory;
    private readonly FollowerTextAnalyzer _analyzer = new();
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly FollowerQueryTranslator _translator;
    private readonly System.Threading.Lock _writeGate = new();
    private bool _disposed;

    private FollowerSearchIndex(LuceneDirectory directory)
    {
        _directory = directory;
        var config = new IndexWriterConfig(FollowerTextAnalyzer.Version, _analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            // A larger buffer makes full rebuilds flush fewer, bigger segments.
            RAMBufferSizeMB = 64,
        };
        _writer = new IndexWriter(directory, config);
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
        _translator = new FollowerQueryTranslator(_analyzer);
    }

    /// <summary>Opens (or creates) the index stored in <paramref name="folderPath"/>.</summary>
    public static FollowerSearchIndex Open(string folderPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folderPath);
        var folder = System.IO.Directory.CreateDirectory(folderPath);
        // FSDirectory.Open picks NIOFSDirectory off Windows, where every doc-values read (the last-active
        // sort touches one per hit) is a buffered positional read; mapped files make those memory reads.
        return new FollowerSearchIndex(Environment.Is64BitProcess ? new MMapDirectory(folder) : FSDirectory.Open(folder));
    }

    /// <summary>An index that lives only in memory, for tests and throwaway use.</summary>
    public static FollowerSearchIndex CreateInMemory() => new(new RAMDirectory());

    /// <summary>Number of followers currently visible to searches.</summary>
    public int Count => WithSearcher(searcher => searcher.IndexReader.NumDocs);

    /// <summary>Adds followers, replacing any already indexed with the same FollowerId.</summary>
    public void Upsert(IEnumerable<FollowerSearchDocument> followers) => Upsert(followers, CancellationToken.None);

    /// <summary>Runs <see cref="Upsert(IEnumerable{FollowerSearchDocument})"/> off the calling thread.</summary>
    public Task UpsertAsync(IEnumerable<FollowerSearchDocument> followers, CancellationToken cancellationToken = default) =>
        Task.Run(() => Upsert(followers, cancellationToken), cancellationToken);

    public void Delete(long followerId) =>
        Write(() => _writer.DeleteDocuments(FollowerIndexFields.IdTerm(followerId)));

    /// <summary>Removes every follower, e.g. before a full rebuild.</summary>
    public void DeleteAll() => Write(_writer.DeleteAll);

    /// <summary>Makes all writes so far durable on disk.</summary>
    public void Commit() => Write(_writer.Commit);

    public FollowerSearchResult Search(FollowerSearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Skip);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Take);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Take, MaxTake);

        return WithSearcher(searcher =>
        {
            var lucene = _translator.Translate(query, searcher.IndexReader);
            if (query.Take == 0)
            {
                var counter = new TotalHitCountCollector();
                searcher.Search(lucene, counter);
                return new FollowerSearchResult([], counter.TotalHits);
            }

            // Never ask Lucene for more hits than documents exist: it sizes its queue by this number.
            var wanted = (int)Math.Min((long)query.Skip + query.Take, Math.Max(1, searcher.IndexReader.MaxDoc));
            var top = query.Sort == FollowerSearchSort.LastActiveDescending
                ? searcher.Search(lucene, null, wanted, LastActiveFirst)
                : searcher.Search(lucene, wanted);

            var ids = new List<long>(Math.Max(0, Math.Min(query.Take, top.ScoreDocs.Length - query.Skip)));
            var leaves = searcher.IndexReader.Leaves;
            for (var i = query.Skip; i < top.ScoreDocs.Length; i++)
                ids.Add(FollowerIdOf(leaves, top.ScoreDocs[i].Doc));
            return new FollowerSearchResult(ids, top.TotalHits);
        });
    }

    public void Dispose()
    {
        lock (_writeGate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _searchers.Dispose();
            _writer.Dispose(); // commits pending changes
            _analyzer.Dispose();
            _directory.Dispose();
        }
    }

    private void Upsert(IEnumerable<FollowerSearchDocument> followers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(followers);
        Write(() =>
        {
            foreach (var follower in followers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _writer.UpdateDocument(FollowerIndexFields.IdTerm(follower.FollowerId), FollowerIndexFields.ToLucene(follower));
            }
        });
    }

    private void Write(Action change)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                change();
            }
            finally
            {
                // Even a partly applied batch becomes visible, matching what a later commit would persist.
                _searchers.MaybeRefresh();
            }
        }
    }

    private T WithSearcher<T>(Func<IndexSearcher, T> use)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var searcher = _searchers.Acquire();
        try
        {
            return use(searcher);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private static long FollowerIdOf(IList<AtomicReaderContext> leaves, int docId)
    {
        var leaf = leaves[ReaderUtil.SubIndex(docId, leaves)];
        var values = leaf.AtomicReader.GetNumericDocValues(FollowerIndexFields.IdValue);
        return values.Get(docId - leaf.DocBase);
    }
}
