using Lianjie.Core.Modules;
using Lianjie.Core.Recipes;
using Lianjie.Core.Shells;
using Lianjie.Web.Setup;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;

namespace Lianjie.Web.Hosting;

/// <summary>Composition root: host-wide services, static files, setup, then the live shell.</summary>
public static class LianjieHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, bool forCommandLine = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var options = CreateSiteOptions(builder.Configuration, forCommandLine);
        Directory.CreateDirectory(options.DataDirectory);

        builder.Logging.AddProvider(new FileLoggerProvider(Path.Combine(options.DataDirectory, "logs")));
        builder.Services.AddSingleton(options);
        // A caller (tests, benchmarks) may install its own catalog in `configure`.
        builder.Services.TryAddSingleton(_ => FeatureCatalog.FromAssemblies(ModuleAssemblyLoader.LoadFrom(AppContext.BaseDirectory)));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ShellHost>();
        builder.Services.AddSingleton<RecipeHarvester>();
        builder.Services.AddSingleton<RecipeImporter>();
        builder.Services.AddSingleton<SiteSetup>();
        builder.Services.AddHostedService<ShellHostInitializer>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddAntiforgery();
        builder.Services.AddProblemDetails();
        builder.Services.AddDataProtection()
            .SetApplicationName("Lianjie")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "keys")));

        var app = builder.Build();
        app.UseExceptionHandler(error => error.Run(ErrorResponses.WriteAsync));
        app.UseStatusCodePages();
        foreach (var (path, provider) in StaticAssetSources(app.Services.GetRequiredService<FeatureCatalog>()))
        {
            app.UseStaticFiles(new StaticFileOptions { RequestPath = path, FileProvider = provider });
        }

        app.UseMiddleware<SetupMiddleware>();
        app.UseMiddleware<ShellDispatcherMiddleware>();
        return app;
    }

    public static SiteOptions CreateSiteOptions(IConfiguration configuration, bool forCommandLine)
    {
        var dataDirectory = configuration["data-dir"]
            ?? configuration["Lianjie:DataDirectory"]
            ?? Environment.GetEnvironmentVariable("LIANJIE_DATA_DIR")
            ?? Path.Combine(Directory.GetCurrentDirectory(), "App_Data");
        var recipeDirectories = new List<string> { Path.Combine(AppContext.BaseDirectory, "recipes") };
        if (configuration["Lianjie:RecipeDirectory"] is { } extra)
        {
            recipeDirectories.Insert(0, extra);
        }

        return new SiteOptions
        {
            DataDirectory = Path.GetFullPath(dataDirectory),
            RecipeDirectories = recipeDirectories,
            RunBackgroundServices = !forCommandLine,
        };
    }

    /// <summary>Each module or theme with embedded wwwroot files serves them under /{AssemblyName}/.</summary>
    private static IEnumerable<(string Path, IFileProvider Provider)> StaticAssetSources(FeatureCatalog catalog)
    {
        foreach (var assembly in catalog.All.Select(f => f.Assembly).OfType<System.Reflection.Assembly>().Distinct())
        {
            if (assembly.GetManifestResourceNames().Contains("Microsoft.Extensions.FileProviders.Embedded.Manifest.xml"))
            {
                yield return ("/" + assembly.GetName().Name, new ManifestEmbeddedFileProvider(assembly, "wwwroot"));
            }
        }
    }
}
