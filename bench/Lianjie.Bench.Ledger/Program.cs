using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Lianjie.Bench.Ledger;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Microsoft.Extensions.DependencyInjection;

// Behaviour ledger benchmark: durable appends per second from concurrent writers through
// IBehaviourLedger (group commit in LedgerWriter), against plain autocommit single-row INSERTs into
// the same table from as many writers. SQLite always; PostgreSQL when LIANJIE_TEST_POSTGRES is set.
// Each measurement gets a freshly set-up site and database. Run in Release.
var writers = IntOption(args, "--writers", 64);
var seconds = IntOption(args, "--seconds", 10);
var maxCount = IntOption(args, "--count", 200_000);
var only = StringOption(args, "--only"); // sqlite | postgres
const int Goal = 20_000;
var inv = CultureInfo.InvariantCulture;
var postgres = Environment.GetEnvironmentVariable("LIANJIE_TEST_POSTGRES");
var duration = TimeSpan.FromSeconds(seconds);

var rows = new List<(string Provider, string Kind, AppendRun.Result Result, double? BatchSize)>();
foreach (var provider in new[] { "sqlite", "postgres" })
{
    if (only is not null && only != provider)
        continue;
    if (provider == "postgres" && postgres is null)
    {
        Console.WriteLine("LIANJIE_TEST_POSTGRES is not set: skipping PostgreSQL (source build/postgres.sh && start_test_postgres && export LIANJIE_TEST_POSTGRES).");
        continue;
    }

    var server = provider == "postgres" ? postgres : null;
    await using (var site = await BenchSite.CreateAsync(server, writers + 10))
    {
        Console.WriteLine($"{provider}: group commit, {writers} writers through IBehaviourLedger, up to {seconds} s / {maxCount:N0} appends...");
        var (result, batch) = await GroupCommitAsync(site);
        rows.Add((provider, "group commit (IBehaviourLedger)", result, batch));
    }

    await using (var site = await BenchSite.CreateAsync(server, writers + 10))
    {
        Console.WriteLine($"{provider}: baseline, {writers} writers with one autocommit INSERT each, up to {seconds} s / {maxCount:N0} appends...");
        rows.Add((provider, "baseline: INSERT per append, autocommit", await BaselineAsync(site), null));
    }
}

Console.WriteLine();
Console.WriteLine($"Behaviour ledger appends, {writers} concurrent writers, durable before return ({Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version})");
Console.WriteLine();
Console.WriteLine("| database | writer | appends | seconds | appends/s | p50 ms | p99 ms | rows per commit | bench CPU µs/append | vs baseline | goal 20,000/s |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
foreach (var (provider, kind, result, batch) in rows)
{
    var baseline = rows.FirstOrDefault(r => r.Provider == provider && r.BatchSize is null).Result;
    var ratio = baseline is null ? "" : (result.PerSecond / baseline.PerSecond).ToString("F1", inv) + "x";
    var goal = batch is null ? "" : result.PerSecond >= Goal ? "met" : "not met";
    Console.WriteLine($"| {provider} | {kind} | {result.Count:N0} | {result.Elapsed.TotalSeconds.ToString("F1", inv)} | {result.PerSecond.ToString("N0", inv)} | "
        + $"{result.Latencies.Percentile(50).ToString("F2", inv)} | {result.Latencies.Percentile(99).ToString("F2", inv)} | "
        + $"{(batch is { } b ? b.ToString("F1", inv) : "1")} | {result.CpuMicrosecondsPerAppend.ToString("F0", inv)} | {ratio} | {goal} |");
}

async Task<(AppendRun.Result Result, double BatchSize)> GroupCommitAsync(BenchSite site)
{
    var shell = site.Shell;
    var writer = shell.Services.GetRequiredService<LedgerWriter>();
    var scopes = new List<AsyncServiceScope>();
    try
    {
        Task<Func<long, Task>> Create(int w)
        {
            var scope = shell.Services.CreateAsyncScope();
            scopes.Add(scope);
            var ledger = scope.ServiceProvider.GetRequiredService<IBehaviourLedger>();
            return Task.FromResult<Func<long, Task>>(n => ledger.AppendAsync(Draft(n)));
        }

        await AppendRun.RunAsync(writers, writers * 20, duration, Create); // warm-up
        var batchesBefore = writer.BatchesWritten;
        var result = await AppendRun.RunAsync(writers, maxCount, duration, Create);
        var batches = writer.BatchesWritten - batchesBefore;
        await CheckCountAsync(site, writers * 20 + result.Count);
        return (result, batches == 0 ? 0 : (double)result.Count / batches);
    }
    finally
    {
        foreach (var scope in scopes)
            await scope.DisposeAsync();
    }
}

async Task<AppendRun.Result> BaselineAsync(BenchSite site)
{
    var factory = new DbConnectionFactory(site.Database);
    var connections = new List<DbConnection>();
    try
    {
        async Task<Func<long, Task>> Create(int w)
        {
            var connection = await factory.OpenAsync();
            connections.Add(connection);
            return async n =>
            {
                var d = Draft(n);
                var now = DateTime.UtcNow;
                await using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO \"LedgerEvents\" (\"Type\", \"FollowerId\", \"AccountId\", \"Subject\", \"Payload\", \"OccurredUtc\", \"RecordedUtc\", \"Source\", \"DedupeKey\") "
                    + "VALUES (@t, @f, @a, @s, @p, @o, @r, @src, @k) RETURNING \"Position\"";
                command.AddParameter("t", d.Type);
                command.AddParameter("f", d.FollowerId);
                command.AddParameter("a", d.AccountId);
                command.AddParameter("s", d.Subject);
                command.AddParameter("p", d.Payload?.ToJsonString());
                command.AddParameter("o", now);
                command.AddParameter("r", now);
                command.AddParameter("src", d.Source);
                command.AddParameter("k", "auto:" + Guid.NewGuid().ToString("N"));
                await command.ExecuteScalarAsync();
            };
        }

        await AppendRun.RunAsync(writers, writers * 5, duration, Create); // warm-up
        foreach (var c in connections)
            await c.DisposeAsync();
        connections.Clear();
        return await AppendRun.RunAsync(writers, maxCount, duration, Create);
    }
    finally
    {
        foreach (var c in connections)
            await c.DisposeAsync();
    }
}

async Task CheckCountAsync(BenchSite site, long expected)
{
    await using var connection = await new DbConnectionFactory(site.Database).OpenAsync();
    await using var command = connection.CreateCommand();
    command.CommandText = "SELECT COUNT(*) FROM \"LedgerEvents\"";
    var actual = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    if (actual < expected)
        throw new InvalidOperationException($"The ledger holds {actual} events, expected at least {expected}.");
}

static BehaviourEventDraft Draft(long n) => new(
    BehaviourEventTypes.ContentView,
    1 + (n * 7919 % 100_000),
    $"article:{n % 500}",
    new JsonObject { ["channel"] = "menu", ["seconds"] = n % 300 },
    Source: "bench");

static int IntOption(string[] args, string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : fallback;
}

static string? StringOption(string[] args, string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
