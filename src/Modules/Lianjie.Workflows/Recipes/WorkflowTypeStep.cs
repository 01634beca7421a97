using System.Text.Json.Nodes;
using Lianjie.Core.Recipes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Recipes;

/// <summary>
/// Orchard's WorkflowType step: { "name": "WorkflowType", "data": [ WorkflowType, … ] }. A type using
/// activities this site lacks, or failing validation, is imported disabled with a warning, so it
/// can be fixed in the designer but never runs half-understood.
/// </summary>
internal sealed class WorkflowTypeStep(IWorkflowTypeStore store, WorkflowValidator validator) : IRecipeStepHandler, IRecipeExportContributor
{
    public IReadOnlyCollection<string> StepNames => [WorkflowRecipeReader.StepName];

    public int Order => 50;

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var step = (JsonObject)context.Step.DeepClone();
        step["name"] = WorkflowRecipeReader.StepName;
        IReadOnlyList<WorkflowType> types;
        try
        {
            types = WorkflowRecipeReader.ReadStep(step);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new RecipeStepException($"A workflow type could not be read: {e.Message}");
        }

        foreach (var type in types)
        {
            if (string.IsNullOrWhiteSpace(type.Name))
            {
                throw new RecipeStepException("A workflow type has no Name.");
            }

            var wasEnabled = type.IsEnabled;
            var result = validator.PrepareForImport(type);
            if (result.UnknownActivityNames.Count > 0)
            {
                context.Warn($"Workflow '{type.Name}' uses activities this site does not have ({string.Join(", ", result.UnknownActivityNames)}); it was imported disabled.");
            }
            else if (wasEnabled && !result.IsValid)
            {
                type.IsEnabled = false;
                context.Warn($"Workflow '{type.Name}' was imported disabled: {string.Join(" ", result.Issues.Select(i => i.Message))}");
            }

            await store.SaveAsync(type, cancellationToken);
        }
    }

    public async Task ContributeAsync(RecipeExportContext context, CancellationToken cancellationToken)
    {
        var types = await store.ListAsync(cancellationToken);
        if (types.Count > 0)
        {
            context.Steps.Add(WorkflowRecipeReader.WriteStep(types));
        }
    }
}
