using System.Text.Json.Nodes;

namespace Lianjie.Core.Recipes;

/// <summary>Handles one or more named recipe steps; registered by the feature that owns them.</summary>
public interface IRecipeStepHandler
{
    IReadOnlyCollection<string> StepNames { get; }

    Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken);
}

public sealed class RecipeStepContext(string name, int index, JsonObject step, RecipeReport report, IServiceProvider services)
{
    public string Name { get; } = name;

    public int Index { get; } = index;

    /// <summary>The step with scripted values evaluated; property names match in any case.</summary>
    public JsonObject Step { get; } = step;

    public IServiceProvider Services { get; } = services;

    public RecipeReport Report { get; } = report;

    public void Warn(string message) => Report.Warnings.Add($"Step {Index} ({Name}): {message}");
}

/// <summary>A step that cannot be applied; the whole import is rolled back.</summary>
public sealed class RecipeStepException(string message) : Exception(message);

/// <summary>Adds steps to an exported recipe.</summary>
public interface IRecipeExportContributor
{
    int Order => 0;

    Task ContributeAsync(RecipeExportContext context, CancellationToken cancellationToken);
}

public sealed class RecipeExportContext
{
    public List<JsonObject> Steps { get; } = [];
}
