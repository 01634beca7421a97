using Lianjie.Core.Audit;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Admin;

/// <summary>Admin operations on workflow types: every change is validated first and audited.</summary>
internal sealed class WorkflowTypeAdmin(IWorkflowTypeStore types, WorkflowValidator validator, AuditLog audit)
{
    /// <summary>Enables the type when it validates; otherwise returns the issues and leaves it disabled.</summary>
    public async Task<IReadOnlyList<WorkflowValidationIssue>> EnableAsync(string workflowTypeId, CancellationToken cancellationToken = default)
    {
        var type = await types.GetAsync(workflowTypeId, cancellationToken) ?? throw new KeyNotFoundException($"Workflow type {workflowTypeId} not found.");
        var result = validator.Validate(type);
        if (!result.IsValid)
        {
            await audit.RecordAsync("workflows.enable_refused", type.Name, string.Join(" ", result.Issues.Select(i => i.Message)), cancellationToken: cancellationToken);
            return result.Issues;
        }

        type.IsEnabled = true;
        await types.SaveAsync(type, cancellationToken);
        await audit.RecordAsync("workflows.enable", type.Name, type.WorkflowTypeId, cancellationToken: cancellationToken);
        return [];
    }

    public async Task DisableAsync(string workflowTypeId, CancellationToken cancellationToken = default)
    {
        var type = await types.GetAsync(workflowTypeId, cancellationToken) ?? throw new KeyNotFoundException($"Workflow type {workflowTypeId} not found.");
        type.IsEnabled = false;
        await types.SaveAsync(type, cancellationToken);
        await audit.RecordAsync("workflows.disable", type.Name, type.WorkflowTypeId, cancellationToken: cancellationToken);
    }

    public async Task DeleteAsync(string workflowTypeId, CancellationToken cancellationToken = default)
    {
        var type = await types.GetAsync(workflowTypeId, cancellationToken) ?? throw new KeyNotFoundException($"Workflow type {workflowTypeId} not found.");
        await types.DeleteAsync(workflowTypeId, cancellationToken);
        await audit.RecordAsync("workflows.delete", type.Name, type.WorkflowTypeId, cancellationToken: cancellationToken);
    }

    /// <summary>Saves a definition edited in the designer. An enabled type must still validate, else it is saved disabled with the issues returned.</summary>
    public async Task<IReadOnlyList<WorkflowValidationIssue>> SaveAsync(WorkflowType type, CancellationToken cancellationToken = default)
    {
        var result = validator.Validate(type);
        if (type.IsEnabled && !result.IsValid)
        {
            type.IsEnabled = false;
        }

        await types.SaveAsync(type, cancellationToken);
        await audit.RecordAsync("workflows.save", type.Name, type.WorkflowTypeId, cancellationToken: cancellationToken);
        return result.Issues;
    }
}
