namespace Lianjie.Workflows.Delivery;

/// <summary>
/// A run faulted in a batch delivered without per-run savepoints: the reactor rolls the batch back
/// and delivers it again with one savepoint per run, so only the faulting run is recorded as failed.
/// </summary>
public sealed class OptimisticBatchFaultedException(Exception? inner)
    : Exception("A workflow run faulted in an optimistic batch; the batch is redone with a savepoint per run.", inner);
