namespace Lianjie.Core.Data;

/// <summary>How a transaction's commit must reach the disk.</summary>
public enum CommitDurability
{
    /// <summary>The commit is on disk when it returns (SQLite <c>synchronous=FULL</c>, PostgreSQL's default).</summary>
    Synced,

    /// <summary>
    /// The commit survives a process crash but an OS crash or power cut may undo the last moments of
    /// such commits (SQLite WAL with <c>synchronous=NORMAL</c>; PostgreSQL is unchanged). Only for
    /// writes that can be rebuilt from the ledger together with the checkpoint that covers them: a
    /// lost reactor batch is replayed from its older checkpoint. The WAL is written in order, so
    /// the next synced commit (every ledger append is one) makes everything before it durable too.
    /// </summary>
    Rederivable,
}
