using Lianjie.Workflows.Activities;
using Lianjie.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.Workflows.Tests;

/// <summary>
/// Wires the engine through the real DI extension over in-memory stores. Every <see cref="CreateEngine"/> builds a
/// fresh service provider, which is how tests simulate a process restart over the same persisted data.
/// </summary>
internal sealed class WorkflowTestHost : IDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    public InMemoryWorkflowStore Store { get; } = new();

    public InMemoryWorkflowTypeStore Types { get; } = new();

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 3, 14, 10, 7, 0, TimeSpan.Zero));

    public RecordingNotifier Notifier { get; } = new();

    public Action<WorkflowOptions>? ConfigureOptions { get; set; }

    public IWorkflowManager CreateEngine() => CreateServices().GetRequiredService<IWorkflowManager>();

    public ActivityLibrary CreateLibrary() => CreateServices().GetRequiredService<ActivityLibrary>();

    public WorkflowValidator CreateValidator() => CreateServices().GetRequiredService<WorkflowValidator>();

    public IServiceProvider CreateServices()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IWorkflowStore>(Store);
        services.AddSingleton<IWorkflowTypeStore>(Types);
        services.AddSingleton<IWorkflowNotifier>(Notifier);
        services.Configure<WorkflowOptions>(o => ConfigureOptions?.Invoke(o));
        services.AddWorkflowEngine();

        // Local test servers must never go through a machine proxy.
        services.AddHttpClient(HttpRequestTask.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false });

        services.AddScoped<IActivity>(_ => new TestEvent(TestEvent.FollowerSubscribed));
        services.AddScoped<IActivity>(_ => new TestEvent(TestEvent.MessageReceived));
        services.AddWorkflowActivity<ThrowingTask>();

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _providers.Add(provider);
        return provider.CreateScope().ServiceProvider;
    }

    public async Task<WorkflowType> AddAsync(WorkflowType workflowType)
    {
        await Types.SaveAsync(workflowType);
        return workflowType;
    }

    public async Task<WorkflowInstance> LoadAsync(WorkflowInstance instance) =>
        await Store.GetAsync(instance.WorkflowId) ?? throw new InvalidOperationException($"Instance {instance.WorkflowId} is not stored.");

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }
    }
}
