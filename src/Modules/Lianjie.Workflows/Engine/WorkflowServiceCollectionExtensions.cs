using Lianjie.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lianjie.Workflows.Engine;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine, evaluators and generic activities. The host must also register
    /// <see cref="IWorkflowStore"/> and <see cref="IWorkflowTypeStore"/> (database implementations).
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services)
    {
        services.AddOptions<WorkflowOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWorkflowScriptEvaluator, JintWorkflowScriptEvaluator>();
        services.TryAddSingleton<IWorkflowLiquidEvaluator, FluidWorkflowLiquidEvaluator>();
        services.TryAddSingleton<IWorkflowNotifier, LoggingWorkflowNotifier>();
        services.AddHttpClient(HttpRequestTask.HttpClientName);

        // Scoped so activities from other modules may depend on scoped services (e.g. a DbContext).
        services.TryAddScoped<ActivityLibrary>();
        services.TryAddScoped<WorkflowValidator>();
        services.TryAddScoped<IWorkflowManager, WorkflowEngine>();

        services.AddWorkflowActivity<IfElseTask>();
        services.AddWorkflowActivity<ScriptTask>();
        services.AddWorkflowActivity<SetPropertyTask>();
        services.AddWorkflowActivity<CorrelateTask>();
        services.AddWorkflowActivity<ForkTask>();
        services.AddWorkflowActivity<JoinTask>();
        services.AddWorkflowActivity<ForEachTask>();
        services.AddWorkflowActivity<TimerEvent>();
        services.AddWorkflowActivity<NotifyTask>();
        services.AddWorkflowActivity<LogTask>();
        services.AddWorkflowActivity<HttpRequestTask>();
        return services;
    }

    /// <summary>Makes an activity available to workflows; call from any module's Startup.</summary>
    public static IServiceCollection AddWorkflowActivity<TActivity>(this IServiceCollection services)
        where TActivity : class, IActivity
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IActivity, TActivity>());
        return services;
    }
}
