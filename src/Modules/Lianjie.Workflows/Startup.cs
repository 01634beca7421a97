using Lianjie.Core.Admin;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Core.Modules;
using Lianjie.Core.Recipes;
using Lianjie.Core.Security;
using Lianjie.Core.Shells;
using Lianjie.Workflows.Admin;
using Lianjie.Workflows.Counting;
using Lianjie.Workflows.Crm.Events;
using Lianjie.Workflows.Crm.Tasks;
using Lianjie.Workflows.Data;
using Lianjie.Workflows.Delivery;
using Lianjie.Workflows.Engine;
using Lianjie.Workflows.Persistence;
using Lianjie.Workflows.Recipes;
using Lianjie.Workflows.Rules;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IDataMigration, WorkflowsMigration>();
        services.AddWorkflowEngine();
        services.AddScoped<IWorkflowTypeStore, DbWorkflowTypeStore>();
        services.AddScoped<IWorkflowStore, DbWorkflowStore>();
        services.AddScoped<FollowerCounters>();
        services.AddScoped<FiredTriggers>();
        services.AddScoped<PendingLedgerAppends>();
        services.AddScoped<BatchedTagApplication>();
        services.AddScoped<WorkflowDispatcher>();
        services.AddScoped<ILedgerReactor, WorkflowsReactor>();
        services.AddSingleton<IShellBackgroundService, WorkflowBackgroundService>();
        services.AddSingleton<IShellBackgroundService, FinishedWorkflowTrimmer>();
        services.AddOptions<WorkflowOptions>().Configure<IConfiguration>((options, configuration) =>
            options.FinishedInstanceRetention = FinishedWorkflowTrimmer.RetentionFrom(configuration[FinishedWorkflowTrimmer.RetentionDaysKey]));
        services.AddScoped<IRecipeStepHandler, WorkflowTypeStep>();
        services.AddScoped<IRecipeExportContributor, WorkflowTypeStep>();
        services.AddScoped<TagRuleService>();
        services.AddScoped<WorkflowTypeAdmin>();
        services.AddScoped<WorkflowAdminQueries>();
        services.AddSingleton<IPermissionProvider, WorkflowsPermissions>();
        services.AddSingleton<IAdminMenuContributor, WorkflowsMenu>();

        services.AddWorkflowActivity<FollowerSubscribedEvent>();
        services.AddWorkflowActivity<UnsubscribedEvent>();
        services.AddWorkflowActivity<QrScannedEvent>();
        services.AddWorkflowActivity<MenuClickedEvent>();
        services.AddWorkflowActivity<MessageReceivedEvent>();
        services.AddWorkflowActivity<ArticleReadEvent>();
        services.AddWorkflowActivity<ArticleSharedEvent>();
        services.AddWorkflowActivity<FormSubmittedEvent>();
        services.AddWorkflowActivity<EventRegisteredEvent>();
        services.AddWorkflowActivity<CheckedInEvent>();
        services.AddWorkflowActivity<TagAddedEvent>();
        services.AddWorkflowActivity<TagRemovedEvent>();
        services.AddWorkflowActivity<AddToCartEvent>();
        services.AddWorkflowActivity<PurchaseEvent>();
        services.AddWorkflowActivity<PointsChangedEvent>();

        services.AddWorkflowActivity<AddTagTask>();
        services.AddWorkflowActivity<RemoveTagTask>();
        services.AddWorkflowActivity<SetProfileFieldTask>();
        services.AddWorkflowActivity<AddPointsTask>();
        services.AddWorkflowActivity<SendWeChatMessageTask>();
        services.AddWorkflowActivity<AddToSegmentListTask>();
        services.AddWorkflowActivity<CountConditionTask>();
        services.AddWorkflowActivity<WaitForEventTask>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        WorkflowsAdminEndpoints.Map(endpoints);
    }
}

internal sealed class WorkflowsPermissions : IPermissionProvider
{
    public static readonly Permission ManageWorkflows = new("ManageWorkflows", "Manage workflows and tag rules", "Automation");

    public IEnumerable<Permission> GetPermissions() => [ManageWorkflows];
}

internal sealed class WorkflowsMenu : IAdminMenuContributor
{
    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new("Tag rules", "/admin/workflows/rules", WorkflowsPermissions.ManageWorkflows, 300, "Automation"),
        new("Workflows", "/admin/workflows", WorkflowsPermissions.ManageWorkflows, 310, "Automation"),
        new("Workflow runs", "/admin/workflows/instances", WorkflowsPermissions.ManageWorkflows, 320, "Automation"),
    ];
}
