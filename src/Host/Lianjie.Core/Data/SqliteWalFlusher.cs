namespace Lianjie.Core.Data;

/// <summary>
/// Makes SQLite commits written with <c>synchronous=NORMAL</c> durable by fsyncing the WAL file
/// after the commit, outside the write lock. A WAL commit writes its frames before it returns and a
/// later fsync of the file covers every frame written so far, so "commit, release the lock, fsync,
/// then answer" is as durable as FULL (which fsyncs while holding the lock) — but other writers use
/// the lock during the fsync, and one fsync covers all the commits made while the previous one ran.
/// </summary>
/// <remarks>
/// Until the fsync returns, other connections can already read the commit; after an OS crash or power
/// cut such a commit is lost together with everything written after it (WAL recovery stops at the
/// first missing frame). Nobody was told it was durable: callers wait for <see cref="WhenDurableAsync"/>.
/// If the WAL file is gone, a checkpoint moved its frames into the database and synced it.
/// </remarks>
internal sealed class SqliteWalFlusher : IDisposable
{
    private readonly string _walPath;
    private readonly Action<string> _sync;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _nextRound = NewRound();
    private bool _waiting;
    private Thread? _thread;

    /// <param name="databasePath">The SQLite database file; its WAL is this path + "-wal".</param>
    /// <param name="sync">Flushes a file to disk; tests replace it to observe or hold the fsync.</param>
    public SqliteWalFlusher(string databasePath, Action<string>? sync = null)
    {
        _walPath = databasePath + "-wal";
        _sync = sync ?? FlushToDisk;
    }

    /// <summary>Fsyncs performed (each may cover several commits).</summary>
    public long Rounds { get; private set; }

    /// <summary>Completes once an fsync that started after this call has finished. Call it after a commit.</summary>
    public Task WhenDurableAsync()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            _waiting = true;
            if (_thread is null)
            {
                // A thread of its own: each fsync blocks for milliseconds, which thread-pool workers
                // on a 2-core machine cannot spare.
                _thread = new Thread(Run) { IsBackground = true, Name = "SQLite WAL fsync" };
                _thread.Start();
            }

            var round = _nextRound.Task;
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }

            return round;
        }
    }

    private void Run()
    {
        while (true)
        {
            try
            {
                _wake.Wait(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            TaskCompletionSource round;
            lock (_lock)
            {
                if (!_waiting)
                {
                    continue;
                }

                // Everyone waiting now committed before this fsync starts; later callers wait for the next one.
                round = _nextRound;
                _nextRound = NewRound();
                _waiting = false;
            }

            try
            {
                _sync(_walPath);
                Rounds++;
                round.TrySetResult();
            }
            catch (Exception e)
            {
                round.TrySetException(e);
            }
        }
    }

    private static void FlushToDisk(string path)
    {
        FileStream stream;
        try
        {
            // Opened per fsync, not kept: SQLite may delete the WAL (last connection closed) and start a new file.
            stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (FileNotFoundException)
        {
            return; // checkpointed into the database (synced) and removed
        }

        using (stream)
        {
            stream.Flush(flushToDisk: true);
        }
    }

    private static TaskCompletionSource NewRound() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        lock (_lock)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
        }

        _thread?.Join();

        // Anyone still waiting gets one last fsync rather than a lost acknowledgement.
        if (_waiting)
        {
            try
            {
                _sync(_walPath);
                _nextRound.TrySetResult();
            }
            catch (Exception e)
            {
                _nextRound.TrySetException(e);
            }
        }

        _stop.Dispose();
        _wake.Dispose();
    }
}
