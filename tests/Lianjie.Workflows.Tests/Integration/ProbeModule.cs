using System.Runtime.CompilerServices;
using Lianjie.Core.Data;
using Lianjie.Core.Modules;
using Lianjie.Testing;
using Lianjie.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Tests.Integration;

/// <summary>A test-only feature with activities that misbehave on purpose.</summary>
public sealed class ProbeManifest : IModuleManifest
{
    public const string FeatureId = "Test.WorkflowProbes";

    public ModuleInfo Module { get; } = new(FeatureId, "Workflow probes", "Test activities.", "Testing", ["Lianjie.Workflows"], typeof(ProbeStartup));
}

public sealed class ProbeStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services) => services.AddWorkflowActivity<CrashOnceTask>();
}

/// <summary>
/// Simulates the process dying mid-batch: the first time it runs it drops the database connection
/// under the reactor's open transaction, so nothing of the batch (nor the checkpoint) commits.
/// </summary>
public sealed class CrashOnceTask(DbSession session) : TaskActivity
{
    /// <summary>The xUnit collection of the test classes that arm it.</summary>
    public const string Collection = "CrashOnceTask";

    private static int _crashes;

    public static int Crashes => Volatile.Read(ref _crashes);

    public static bool Armed { get; set; }

    public override string Name => nameof(CrashOnceTask);

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => ["Done"];

    public override async ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        if (Armed)
        {
            Armed = false;
            Interlocked.Increment(ref _crashes);
            await (await session.GetConnectionAsync()).CloseAsync();
        }

        return ActivityExecutionResult.Outcomes("Done");
    }
}

internal static class ProbeRegistration
{
    [ModuleInitializer]
    internal static void Register() => TestSite.ExtraModuleAssemblies = [typeof(ProbeRegistration).Assembly];
}
