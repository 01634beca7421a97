using System.Text.Json.Nodes;
using Lianjie.Core.Admin;
using Lianjie.Core.Documents;
using Lianjie.Core.Modules;
using Lianjie.Core.Recipes;
using Lianjie.Core.Shells;
using Lianjie.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Web.Tests.Infrastructure;

/// <summary>Two small modules that exercise the host: routes, menu, a recipe step, a background service.</summary>
public sealed class AlphaManifest : IModuleManifest
{
    public ModuleInfo Module { get; } = new("Test.Alpha", "Alpha", "Test module", "Test", [], typeof(AlphaStartup));
}

public sealed class BetaManifest : IModuleManifest
{
    public ModuleInfo Module { get; } = new("Test.Beta", "Beta", "Test module needing Alpha", "Test", ["Test.Alpha"], typeof(BetaStartup));
}

public sealed class AlphaStartup : ModuleStartup
{
    public static int BackgroundRuns;

    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IAdminMenuContributor, AlphaMenu>();
        services.AddScoped<IRecipeStepHandler, AlphaStep>();
        services.AddSingleton<IShellBackgroundService, AlphaBackground>();
        services.AddScoped<Lianjie.Core.Ledger.ILedgerReactor, AlphaReactor>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/alpha", () => "alpha").AllowAnonymous();
        endpoints.MapGet("/alpha/slow", async (int ms) =>
        {
            await Task.Delay(ms);
            return "alpha-slow";
        }).AllowAnonymous();
    }

    private sealed class AlphaMenu : IAdminMenuContributor
    {
        public IEnumerable<AdminMenuItem> GetItems() => [new("Alpha page", "/alpha")];
    }

    private sealed class AlphaBackground : IShellBackgroundService
    {
        public async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            Interlocked.Increment(ref BackgroundRuns);
            await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}

public sealed class BetaStartup : ModuleStartup
{
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/beta", () => "beta").AllowAnonymous();
}

/// <summary>`alphaStep` stores its Value as a document; Value "fail" makes the step fail.</summary>
internal sealed class AlphaStep(DocumentStore documents) : IRecipeStepHandler
{
    public IReadOnlyCollection<string> StepNames => ["alphaStep"];

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var value = context.Step["Value"]?.GetValue<string>() ?? string.Empty;
        if (value == "fail")
        {
            throw new RecipeStepException("alphaStep was told to fail");
        }

        await documents.SaveNodeAsync("AlphaValue", value, new JsonObject { ["Value"] = value }, cancellationToken);
    }
}

/// <summary>Records each event it sees as a document; an event with subject "boom" fails its batch once.</summary>
internal sealed class AlphaReactor(DocumentStore documents, Lianjie.Core.Data.DbSession session) : Lianjie.Core.Ledger.ILedgerReactor
{
    public static int Explosions;

    /// <summary>SQLite's <c>PRAGMA synchronous</c> inside the last batch's transaction (1 = NORMAL, 2 = FULL).</summary>
    public static long SynchronousInBatch = -1;

    /// <summary>1 when the last batch was prepared with no transaction open and then reacted to as the same list.</summary>
    public static long PreparedOutsideLock = -1;

    private IReadOnlyList<Lianjie.Core.Ledger.BehaviourEvent>? _prepared;
    private bool _preparedInTransaction;

    public string Name => "test.alpha";

    public Task PrepareAsync(IReadOnlyList<Lianjie.Core.Ledger.BehaviourEvent> events, CancellationToken cancellationToken)
    {
        _prepared = events;
        _preparedInTransaction = session.Transaction is not null;
        return Task.CompletedTask;
    }

    public async Task ReactAsync(IReadOnlyList<Lianjie.Core.Ledger.BehaviourEvent> events, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref PreparedOutsideLock, ReferenceEquals(_prepared, events) && !_preparedInTransaction && session.Transaction is not null ? 1 : 0);
        if (session.IsSqlite)
        {
            await using var pragma = await session.CreateCommandAsync("PRAGMA synchronous", cancellationToken);
            Interlocked.Exchange(ref SynchronousInBatch, Convert.ToInt64(await pragma.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var e in events)
        {
            await documents.SaveNodeAsync("AlphaSeen", e.Position.ToString(System.Globalization.CultureInfo.InvariantCulture), new JsonObject { ["Type"] = e.Type }, cancellationToken);
            if (e.Subject == "boom" && Interlocked.Increment(ref Explosions) == 1)
            {
                throw new InvalidOperationException("boom after applying part of the batch");
            }
        }
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var command = await session.CreateCommandAsync("DELETE FROM \"Documents\" WHERE \"Type\" = 'AlphaSeen'", cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
