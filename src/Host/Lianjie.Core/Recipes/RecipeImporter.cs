using System.Text.Json;
using System.Text.Json.Nodes;
using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.Core.Modules;
using Lianjie.Core.Shells;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.Core.Recipes;

public sealed class RecipeImportOptions
{
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>Setup passes the first shell; otherwise the live one is used.</summary>
    public ShellContext? StartShell { get; init; }

    /// <summary>Runs in the import's transaction after the last step (setup creates the admin here).</summary>
    public Func<IServiceProvider, CancellationToken, Task>? BeforeCommit { get; init; }

    public string? UserName { get; init; }
}

/// <summary>
/// Runs a recipe as one transaction. A `feature` step builds the next shell right away, so later
/// steps are handled by the features just enabled; nothing is kept and no shell is swapped unless
/// every step succeeds.
/// </summary>
public sealed class RecipeImporter(ShellHost shellHost, RecipeHarvester harvester, IConfiguration configuration, ILogger<RecipeImporter> logger)
{
    private const int MaxNesting = 8;

    public async Task<RecipeReport> ImportAsync(RecipeDescriptor recipe, RecipeImportOptions options, CancellationToken cancellationToken = default)
    {
        var report = new RecipeReport { RecipeName = recipe.Name };
        await shellHost.ChangeLock.WaitAsync(cancellationToken);
        var run = new Run(options.StartShell ?? shellHost.Current ?? throw new InvalidOperationException("The site is not set up."));
        try
        {
            await using (var root = run.Shell.Services.CreateAsyncScope())
            {
                run.Session = root.ServiceProvider.GetRequiredService<DbSession>();
                await run.Session.BeginTransactionAsync(cancellationToken);
                await root.ServiceProvider.GetRequiredService<MigrationRunner>().RunAsync(cancellationToken);
                if (options.StartShell is not null)
                {
                    await ShellHost.WriteEnabledFeaturesAsync(run.Session, run.Shell.FeatureIds, cancellationToken);
                }

                await RunStepsAsync(recipe, options, report, run, depth: 0, cancellationToken);
                if (report.Succeeded)
                {
                    await using var last = run.CreateScope();
                    if (options.BeforeCommit is not null)
                    {
                        await options.BeforeCommit(last.ServiceProvider, cancellationToken);
                    }

                    await last.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync(
                        "recipe.import", recipe.Name, $"{report.Applied} applied, {report.Skipped} skipped", options.UserName, cancellationToken);
                    await run.Session.CommitAsync(cancellationToken);
                }
                else
                {
                    await run.Session.RollbackAsync();
                }
            }

            if (report.Succeeded && (run.Shell != shellHost.Current))
            {
                await shellHost.ActivateAsync(run.Shell);
                run.Candidates.Remove(run.Shell);
            }

            return report;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Recipe {Recipe} failed", recipe.Name);
            report.Failure ??= new RecipeFailure(null, null, e.Message);
            if (run.Session is not null)
            {
                await run.Session.RollbackAsync();
            }

            return report;
        }
        finally
        {
            foreach (var candidate in run.Candidates)
            {
                await candidate.DisposeAsync();
            }

            shellHost.ChangeLock.Release();
        }
    }

    private async Task RunStepsAsync(RecipeDescriptor recipe, RecipeImportOptions options, RecipeReport report, Run run, int depth, CancellationToken cancellationToken)
    {
        RecipeScriptEvaluator evaluator;
        try
        {
            evaluator = new RecipeScriptEvaluator(recipe.Variables, options.Parameters, configuration, recipe.BasePath);
        }
        catch (RecipeStepException e)
        {
            report.Failure = new RecipeFailure(null, "variables", e.Message);
            return;
        }

        for (var index = 0; index < recipe.Steps.Count && report.Succeeded; index++)
        {
            var name = RecipeReader.StepName(recipe.Steps[index]);
            var label = depth == 0 ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{recipe.Name}#{index}";
            try
            {
                // Scripted values are evaluated only for steps something will apply.
                JsonObject Evaluate()
                {
                    var evaluated = (JsonObject)evaluator.Evaluate(recipe.Steps[index])!;
                    report.Warnings.AddRange(evaluator.Warnings.Except(report.Warnings).ToList());
                    return evaluated;
                }

                if (name.Equals("feature", StringComparison.OrdinalIgnoreCase))
                {
                    await ApplyFeatureStepAsync(Evaluate(), index, report, run, cancellationToken);
                    report.Steps.Add(new RecipeStepOutcome(index, name, RecipeStepStatus.Applied, null));
                    continue;
                }

                if (name.Equals("recipes", StringComparison.OrdinalIgnoreCase))
                {
                    await ApplyNestedRecipesAsync(Evaluate(), index, options, report, run, depth, cancellationToken);
                    continue;
                }

                await using var scope = run.CreateScope();
                var handler = scope.ServiceProvider.GetServices<IRecipeStepHandler>()
                    .FirstOrDefault(h => h.StepNames.Contains(name, StringComparer.OrdinalIgnoreCase));
                if (handler is null)
                {
                    var message = $"No enabled feature handles the '{name}' step; it was skipped.";
                    report.Steps.Add(new RecipeStepOutcome(index, name, RecipeStepStatus.Skipped, message));
                    report.Warnings.Add($"Step {label} ({name}): {message}");
                    continue;
                }

                await handler.ExecuteAsync(new RecipeStepContext(name, index, Evaluate(), report, scope.ServiceProvider), cancellationToken);
                report.Steps.Add(new RecipeStepOutcome(index, name, RecipeStepStatus.Applied, null));
            }
            catch (Exception e) when (e is RecipeStepException or JsonException or InvalidOperationException or FormatException or ArgumentException or FeatureCatalogException or Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException or KeyNotFoundException)
            {
                report.Steps.Add(new RecipeStepOutcome(index, name, RecipeStepStatus.Failed, e.Message));
                report.Failure = new RecipeFailure(index, depth == 0 ? name : $"{recipe.Name}/{name}", e.InnerException?.Message ?? e.Message);
            }
        }
    }

    private async Task ApplyFeatureStepAsync(JsonObject step, int index, RecipeReport report, Run run, CancellationToken cancellationToken)
    {
        var catalog = shellHost.Catalog;
        var set = run.Shell.FeatureIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var id in Ids(step["enable"]))
        {
            if (catalog.TryGet(id, out var feature))
            {
                foreach (var needed in catalog.WithDependencies([feature.Id]))
                {
                    set.Add(needed.Id);
                }
            }
            else
            {
                report.Warnings.Add($"Step {index} (feature): unknown feature '{id}' was not enabled.");
            }
        }

        foreach (var id in Ids(step["disable"]))
        {
            if (!catalog.TryGet(id, out var feature))
            {
                report.Warnings.Add($"Step {index} (feature): unknown feature '{id}' cannot be disabled.");
                continue;
            }

            var dependents = catalog.DependentsOf(feature.Id, set);
            if (feature.AlwaysEnabled || dependents.Count > 0)
            {
                throw new RecipeStepException(new FeatureInUseException(feature.Id, feature.AlwaysEnabled ? ["the host"] : dependents).Message);
            }

            set.Remove(feature.Id);
        }

        if (set.SetEquals(run.Shell.FeatureIds))
        {
            return;
        }

        var next = await shellHost.PrepareShellAsync(set, run.Session!, cancellationToken);
        run.Candidates.Add(next);
        run.Shell = next;
    }

    private async Task ApplyNestedRecipesAsync(JsonObject step, int index, RecipeImportOptions options, RecipeReport report, Run run, int depth, CancellationToken cancellationToken)
    {
        if (depth >= MaxNesting)
        {
            throw new RecipeStepException($"Recipes are nested more than {MaxNesting} deep.");
        }

        foreach (var value in step["values"] as JsonArray ?? [])
        {
            var name = value?["name"]?.GetValue<string>() ?? throw new RecipeStepException("A nested recipe entry has no name.");
            var found = harvester.Find(name);
            if (found is null)
            {
                report.Warnings.Add($"Step {index} (recipes): recipe '{name}' was not found; skipped.");
                continue;
            }

            await RunStepsAsync(found.Value.Recipe, options, report, run, depth + 1, cancellationToken);
        }

        report.Steps.Add(new RecipeStepOutcome(index, "recipes", report.Succeeded ? RecipeStepStatus.Applied : RecipeStepStatus.Failed, null));
    }

    private static IEnumerable<string> Ids(JsonNode? node) =>
        node switch
        {
            JsonArray array => array.Select(v => v?.GetValue<string>()).OfType<string>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
            _ => [],
        };

    private sealed class Run(ShellContext shell)
    {
        public ShellContext Shell { get; set; } = shell;

        public DbSession? Session { get; set; }

        public List<ShellContext> Candidates { get; } = [];

        public AsyncServiceScope CreateScope()
        {
            var scope = Shell.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<DbSession>().AttachTo(Session!);
            return scope;
        }
    }
}
