using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Testing;
using Lianjie.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Web.Tests.Ledger;

/// <summary>Reactor batches commit without SQLite's fsync; nothing else may inherit that setting.</summary>
public class CommitDurabilityTests
{
    [Fact]
    public async Task A_rederivable_transaction_commits_without_fsync_and_gives_the_connection_back_synced()
    {
        await using var site = await TestSite.SetUpAsync();
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();

        Assert.Equal(2, await SynchronousAsync(session)); // FULL outside any transaction

        await session.BeginTransactionAsync(CommitDurability.Rederivable);
        Assert.Equal(1, await SynchronousAsync(session)); // NORMAL while it runs
        await session.CommitAsync();
        Assert.Equal(2, await SynchronousAsync(session));

        await session.BeginTransactionAsync(CommitDurability.Rederivable);
        await session.RollbackAsync();
        Assert.Equal(2, await SynchronousAsync(session));

        await session.BeginTransactionAsync();
        Assert.Equal(2, await SynchronousAsync(session)); // the default stays synced
        await session.CommitAsync();
    }

    [Fact]
    public async Task Reactor_batches_run_in_rederivable_transactions()
    {
        await using var site = await TestSite.SetUpAsync();
        await site.ShellHost.EnableAsync(["Test.Alpha"]);
        Interlocked.Exchange(ref AlphaReactor.SynchronousInBatch, -1);
        Interlocked.Exchange(ref AlphaReactor.PreparedOutsideLock, -1);
        await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IBehaviourLedger>().AppendAsync(new BehaviourEventDraft("content.view", 1));
        }

        await LedgerTests.WaitForAsync(async () => await site.ScalarAsync("SELECT COUNT(*) FROM \"Documents\" WHERE \"Type\" = 'AlphaSeen'") == 1);
        Assert.Equal(1, Interlocked.Read(ref AlphaReactor.SynchronousInBatch));

        // The batch was read and prepared before its transaction (the write lock), then applied as the same list.
        Assert.Equal(1, Interlocked.Read(ref AlphaReactor.PreparedOutsideLock));
    }

    private static async Task<long> SynchronousAsync(DbSession session)
    {
        await using var command = await session.CreateCommandAsync("PRAGMA synchronous");
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
