using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Lianjie.Core.Data;
using Microsoft.Extensions.Logging;

namespace Lianjie.Core.Ledger;

/// <summary>
/// Group commit: concurrent appends queue up and one loop writes them in a single transaction,
/// completing every caller only after that commit. Many writers share one fsync.
/// </summary>
public sealed class LedgerWriter : IAsyncDisposable
{
    public const int MaxBatch = 1000;
    private static readonly long RefillTicks = Stopwatch.Frequency / 2000; // 0.5 ms

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DbConnectionFactory _factory;
    private readonly LedgerSignal _signal;
    private readonly TimeProvider _clock;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly Task _loop;
    private DbConnection? _connection;

    public LedgerWriter(DbConnectionFactory factory, LedgerSignal signal, TimeProvider clock, ILogger<LedgerWriter> logger)
    {
        _factory = factory;
        _signal = signal;
        _clock = clock;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public long BatchesWritten { get; private set; }

    public Task<AppendResult> AppendAsync(BehaviourEventDraft draft, CancellationToken cancellationToken = default)
    {
        var prepared = PreparedDraft.From(draft, _clock.GetUtcNow().UtcDateTime);
        var pending = new Pending(prepared, new TaskCompletionSource<AppendResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The ledger is shutting down; try again.");
        }

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var expected = 0;
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            Drain(batch);

            // Callers released by the last commit are still queued on the thread pool. Giving them a
            // moment to come back makes one full batch (one fsync) instead of several small ones; the
            // wait is short and the expectation falls when they do not come back.
            var deadline = Stopwatch.GetTimestamp() + RefillTicks;
            while (batch.Count < expected && batch.Count < MaxBatch && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Yield();
                Drain(batch);
            }

            expected = batch.Count >= expected ? batch.Count : (expected + batch.Count) / 2;

            try
            {
                var results = await WriteAsync(batch.Select(p => p.Draft).ToList());
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }

                BatchesWritten++;
                _signal.Pulse();
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Ledger batch of {Count} failed", batch.Count);
                if (_connection is not null)
                {
                    await _connection.DisposeAsync();
                    _connection = null;
                }

                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(e);
                }
            }
        }
    }

    private void Drain(List<Pending> batch)
    {
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
        {
            batch.Add(item);
        }
    }

    private async Task<IReadOnlyList<AppendResult>> WriteAsync(IReadOnlyList<PreparedDraft> drafts)
    {
        _connection ??= await _factory.OpenAsync();
        using var turn = await _factory.EnterWriteTurnAsync(CancellationToken.None, urgent: true);
        await using var transaction = await _connection.BeginTransactionAsync();
        var inserted = await LedgerSql.LockAndInsertAsync(_connection, transaction, drafts, CancellationToken.None);
        var missing = drafts.Where(d => !inserted.ContainsKey(d.DedupeKey)).Select(d => d.DedupeKey).Distinct(StringComparer.Ordinal).ToList();
        var existing = missing.Count == 0
            ? []
            : await LedgerSql.FindByKeysAsync(_connection, transaction, missing, CancellationToken.None);
        await transaction.CommitAsync();

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<AppendResult>(drafts.Count);
        foreach (var draft in drafts)
        {
            if (inserted.TryGetValue(draft.DedupeKey, out var position) && claimed.Add(draft.DedupeKey))
            {
                results.Add(new AppendResult(draft.ToEvent(position), true));
            }
            else if (inserted.TryGetValue(draft.DedupeKey, out position))
            {
                // The same key twice in one batch: the first one counts.
                results.Add(new AppendResult(draft.ToEvent(position), false));
            }
            else
            {
                results.Add(new AppendResult(existing[draft.DedupeKey], false));
            }
        }

        return results;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private sealed record Pending(PreparedDraft Draft, TaskCompletionSource<AppendResult> Completion);
}

/// <summary>Wakes reactors when something was appended (they also poll, for other hosts' writes).</summary>
public sealed class LedgerSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        Volatile.Read(ref _next).Task.WaitAsync(timeout, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
}
