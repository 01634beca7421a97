using System.Globalization;
using System.Text.Json;
using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Lianjie.Workflows.Delivery;
using Lianjie.Workflows.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Lianjie.Workflows.Admin;

/// <summary>Workflow types (enable/disable with validation, delete), runs with history, parked failures (retry).</summary>
internal static class WorkflowsAdminEndpoints
{
    private const int PageSize = 20;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin/workflows").RequirePermission(WorkflowsPermissions.ManageWorkflows).ExcludeFromDescription();

        admin.MapGet("/", async (PageRenderer pages, WorkflowAdminQueries queries, int? page, string? message, string? issues) =>
        {
            var current = Math.Max(1, page ?? 1);
            var (items, total) = await queries.TypesAsync((current - 1) * PageSize, PageSize);
            return await pages.AdminAsync("Workflows", "Workflows.Index", new
            {
                Items = items,
                Total = total,
                Page = current,
                Pages = PageCount(total),
                Message = message,
                Issues = issues?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [],
            });
        });

        admin.MapPost("/{id}/enable", async (string id, WorkflowTypeAdmin types) =>
        {
            var issues = await types.EnableAsync(id);
            return issues.Count == 0
                ? Results.Redirect("/admin/workflows?message=enabled")
                : Results.Redirect("/admin/workflows?message=refused&issues=" + Uri.EscapeDataString(string.Join("\n", issues.Select(i => i.Message))));
        });

        admin.MapPost("/{id}/disable", async (string id, WorkflowTypeAdmin types) =>
        {
            await types.DisableAsync(id);
            return Results.Redirect("/admin/workflows?message=disabled");
        });

        admin.MapPost("/{id}/delete", async (string id, WorkflowTypeAdmin types) =>
        {
            await types.DeleteAsync(id);
            return Results.Redirect("/admin/workflows?message=deleted");
        });

        admin.MapGet("/instances", async (PageRenderer pages, WorkflowAdminQueries queries, WorkflowDispatcher dispatcher, IOptions<WorkflowOptions> options, string? status, string? type, int? page, string? message) =>
        {
            var current = Math.Max(1, page ?? 1);
            var (items, total) = await queries.InstancesAsync(status, type, (current - 1) * PageSize, PageSize);
            var (failures, failureTotal) = await dispatcher.Failures.ListOpenAsync(0, PageSize, default);
            return await pages.AdminAsync("Workflow runs", "Workflows.Instances", new
            {
                Items = items,
                Total = total,
                Page = current,
                Pages = PageCount(total),
                Status = status,
                Type = type,
                Failures = failures,
                FailureTotal = failureTotal,
                Statuses = Enum.GetNames<WorkflowStatus>(),
                Message = message,
                RetentionDays = (int)options.Value.FinishedInstanceRetention.TotalDays,
            });
        });

        admin.MapGet("/instances/{id}", async (string id, PageRenderer pages, IWorkflowStore store, IWorkflowTypeStore types) =>
        {
            var instance = await store.GetAsync(id);
            if (instance is null)
            {
                return Results.NotFound();
            }

            var type = await types.GetAsync(instance.WorkflowTypeId);
            return await pages.AdminAsync("Workflow run", "Workflows.Instance", new
            {
                instance.WorkflowId,
                TypeName = type?.Name ?? instance.WorkflowTypeId,
                Status = instance.Status.ToString(),
                instance.CorrelationId,
                instance.FaultMessage,
                CreatedUtc = instance.CreatedUtc.UtcDateTime,
                Log = instance.ExecutionLog.Select(l => new
                {
                    l.ActivityId,
                    l.ActivityName,
                    Result = l.Result.ToString(),
                    Outcomes = string.Join(", ", l.Outcomes),
                    ExecutedUtc = l.ExecutedUtc.UtcDateTime,
                }).Reverse().ToList(),
                Blocking = instance.BlockingActivities.Select(b => new { b.ActivityId, b.Name, DueUtc = b.DueUtc?.UtcDateTime }).ToList(),
                State = JsonSerializer.Serialize(instance.State, AdminJson.Indented),
            });
        });

        admin.MapPost("/failures/{id:long}/retry", async (long id, WorkflowDispatcher dispatcher, DbSession session, AuditLog audit) =>
        {
            var failure = await dispatcher.Failures.GetAsync(id, default);
            if (failure is null)
            {
                return Results.NotFound();
            }

            await session.BeginTransactionAsync();
            dispatcher.Begin();
            var succeeded = await dispatcher.RetryAsync(failure, default);
            await dispatcher.CompleteAsync(default);
            await session.CommitAsync();
            await audit.RecordAsync("workflows.retry", failure.WorkflowTypeId, string.Create(CultureInfo.InvariantCulture, $"failure {id}: {(succeeded ? "succeeded" : failure.Error)}"));
            return Results.Redirect("/admin/workflows/instances?message=" + (succeeded ? "retried" : "retry-failed"));
        });

        DesignerEndpoints.Map(admin);
        RuleEndpoints.Map(admin);
    }

    internal static long PageCount(long total) => Math.Max(1, (total + PageSize - 1) / PageSize);
}
