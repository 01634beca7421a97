namespace Lianjie.Core.Recipes;

public enum RecipeStepStatus
{
    Applied,
    Skipped,
    Failed,
}

public sealed record RecipeStepOutcome(int Index, string Name, RecipeStepStatus Status, string? Message);

public sealed record RecipeFailure(int? StepIndex, string? StepName, string Reason, long? Line = null, long? Column = null)
{
    public override string ToString() =>
        StepIndex is null ? Reason : $"Step {StepIndex} ({StepName}) failed: {Reason}";
}

/// <summary>What an import did: applied and skipped steps, warnings, or the failure that rolled it back.</summary>
public sealed class RecipeReport
{
    public string RecipeName { get; init; } = string.Empty;

    public List<RecipeStepOutcome> Steps { get; } = [];

    public List<string> Warnings { get; } = [];

    public RecipeFailure? Failure { get; set; }

    public bool Succeeded => Failure is null;

    public int Applied => Steps.Count(s => s.Status == RecipeStepStatus.Applied);

    public int Skipped => Steps.Count(s => s.Status == RecipeStepStatus.Skipped);
}
