using System.Diagnostics;
using Lianjie.Core.Admin;
using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.Core.Documents;
using Lianjie.Core.Http;
using Lianjie.Core.Modules;
using Lianjie.Core.Recipes;
using Lianjie.Core.Security;
using Lianjie.Core.Settings;
using Lianjie.Core.Templates;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lianjie.Core.Shells;

/// <summary>Builds a shell's service provider and pipeline from a set of features.</summary>
public sealed class ShellBuilder(IServiceProvider hostServices, FeatureCatalog catalog)
{
    private static readonly Type[] ForwardedHostServices =
    [
        typeof(IConfiguration),
        typeof(IWebHostEnvironment),
        typeof(IHostEnvironment),
        typeof(IHostApplicationLifetime),
        typeof(ILoggerFactory),
        typeof(IDataProtectionProvider),
        typeof(IHttpContextAccessor),
        typeof(TimeProvider),
        typeof(FeatureCatalog),
        typeof(SiteOptions),
        typeof(ShellHost),
        typeof(RecipeImporter),
        typeof(RecipeHarvester),
        typeof(DiagnosticListener),
        typeof(DiagnosticSource),
        typeof(ActivitySource),
    ];

    public ShellContext Build(IEnumerable<string> featureIds, DatabaseSettings database)
    {
        var features = catalog.WithDependencies(featureIds.Concat(catalog.AlwaysEnabled.Select(f => f.Id)).Distinct(StringComparer.OrdinalIgnoreCase));
        var startups = features
            .Where(f => f.StartupType is not null)
            .Select(f => (Feature: f, Startup: (ModuleStartup)Activator.CreateInstance(f.StartupType!)!))
            .OrderBy(s => s.Startup.Order)
            .ToList();

        var services = new ServiceCollection();
        foreach (var type in ForwardedHostServices)
        {
            var instance = hostServices.GetService(type);
            if (instance is not null)
            {
                services.AddSingleton(type, instance);
            }
        }

        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddOptions();
        services.AddRouting();
        services.AddAuthorization();
        services.AddAuthentication();
        services.AddAntiforgery();
        services.AddProblemDetails();
        services.TryAddSingleton(TimeProvider.System);
        AddCoreServices(services, features, database);

        foreach (var (_, startup) in startups)
        {
            startup.ConfigureServices(services);
        }

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var shell = new ShellContext(features, provider);
        provider.GetRequiredService<ShellContextHolder>().Shell = shell;
        BuildPipeline(shell, startups.Select(s => s.Startup).ToList());
        return shell;
    }

    private static void AddCoreServices(IServiceCollection services, IReadOnlyList<FeatureInfo> features, DatabaseSettings database)
    {
        services.AddSingleton(database);
        services.AddSingleton(new DbConnectionFactory(database));
        services.AddSingleton(new ShellModelKey(string.Join(",", features.Select(f => f.Id).Order(StringComparer.Ordinal))));
        services.AddSingleton<ShellContextHolder>();
        services.AddScoped<DbSession>();
        services.AddScoped<MigrationRunner>();
        services.AddSingleton<IDataMigration, CoreMigration>();
        services.AddScoped<DocumentStore>();
        services.AddScoped<SiteSettingsStore>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<IPermissionProvider, CorePermissionProvider>();
        services.AddScoped<IAuthorizationHandler, PermissionAuthorizationHandler>();
        services.AddSingleton<TemplateCatalog>();
        services.AddSingleton<TextCatalog>();
        services.AddScoped<PageRenderer>();
        services.AddScoped<RecipeExporter>();
        services.AddSingleton<Ledger.LedgerSignal>();
        services.AddSingleton<Ledger.LedgerScanMarks>();
        services.AddSingleton<Ledger.LedgerWriter>();
        services.AddScoped<Ledger.IBehaviourLedger, Ledger.BehaviourLedger>();
        services.AddScoped<Ledger.LedgerReactors>();
        services.AddSingleton<H5.AnonymousH5VisitorAccessor>();
        services.AddSingleton<H5.IH5VisitorAccessor>(sp => sp.GetRequiredService<H5.AnonymousH5VisitorAccessor>());
        services.AddSingleton<IShellBackgroundService, Ledger.LedgerReactorHost>();
        services.AddScoped<IRecipeStepHandler, SettingsStep>();
        services.AddScoped<IRecipeExportContributor, FeatureStep>();
        services.AddScoped<IRecipeExportContributor, SettingsStep>();
        services.AddSingleton(new FeatureAssemblies(features.Select(f => f.Assembly).OfType<System.Reflection.Assembly>().Append(typeof(ShellBuilder).Assembly).Distinct().ToList()));
    }

    private static void BuildPipeline(ShellContext shell, IReadOnlyList<ModuleStartup> startups)
    {
        var app = new ApplicationBuilder(shell.Services);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<AntiforgeryGuardMiddleware>();
        foreach (var contributor in shell.Services.GetServices<IShellPipelineContributor>().OrderBy(c => c.Order))
        {
            contributor.Configure(app);
        }

        app.UseEndpoints(endpoints =>
        {
            CoreEndpoints.Map(endpoints);
            foreach (var startup in startups)
            {
                startup.MapEndpoints(endpoints);
            }

            shell.EndpointSources = endpoints.DataSources.ToList();
        });
        shell.Pipeline = app.Build();
    }
}

/// <summary>Lets a shell's services find the shell they belong to.</summary>
public sealed class ShellContextHolder
{
    public ShellContext? Shell { get; set; }
}

/// <summary>Assemblies of the enabled features: where templates, texts and static files come from.</summary>
public sealed record FeatureAssemblies(IReadOnlyList<System.Reflection.Assembly> Assemblies);
