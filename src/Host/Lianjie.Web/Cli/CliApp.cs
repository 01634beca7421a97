using System.Text.Encodings.Web;
using System.Text.Json;
using Lianjie.Core.Audit;
using Lianjie.Core.Cli;
using Lianjie.Core.Data;
using Lianjie.Core.Modules;
using Lianjie.Core.Recipes;
using Lianjie.Core.Security;
using Lianjie.Core.Settings;
using Lianjie.Core.Shells;
using Lianjie.Web.Hosting;
using Lianjie.Web.Setup;

namespace Lianjie.Web.Cli;

/// <summary>
/// The command line: same executable, same services, no web server. Exit code 0 on success,
/// 1 when the command failed, 2 for a usage error.
/// </summary>
public static class CliApp
{
    private static readonly string[] BuiltInVerbs = ["setup", "recipe", "features", "apikey", "followers", "wechat-sim", "wechat", "help"];

    public static bool IsVerb(string[] args)
    {
        var positional = new CliArguments(args).Positional;
        return positional.Count > 0 && BuiltInVerbs.Contains(positional[0], StringComparer.OrdinalIgnoreCase);
    }

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Action<WebApplicationBuilder>? configure = null)
    {
        var cli = new CliArguments(args);
        var output = new CliOutput(stdout, stderr, cli.Json);
        var hostArgs = cli.Option("data-dir") is { } dir ? new[] { "--data-dir", dir } : [];
        try
        {
            await using var app = LianjieHost.Build(hostArgs, builder =>
            {
                builder.Logging.ClearProviders();
                configure?.Invoke(builder);
            }, forCommandLine: true);
            var host = app.Services.GetRequiredService<ShellHost>();
            AuditLog.CliUser = "cli:" + Environment.UserName;
            var verb = cli.Positional[0].ToLowerInvariant();
            if (verb == "help")
            {
                output.Result(new { verbs = Usage }, string.Join(Environment.NewLine, Usage));
                return 0;
            }

            if (verb == "setup")
            {
                return await SetupAsync(cli, output, app.Services);
            }

            if (!await host.InitializeAsync())
            {
                output.Error("The site is not set up. Run `setup` first (see --help).");
                return 1;
            }

            return verb switch
            {
                "recipe" => await RecipeAsync(cli, output, host, app.Services),
                "features" => await FeaturesAsync(cli, output, host),
                "apikey" => await ApiKeyAsync(cli, output, host),
                _ => await ModuleCommandAsync(verb, cli, output, host),
            };
        }
        catch (CliUsageException e)
        {
            output.Error(e.Message + " Usage: " + string.Join(" | ", Usage));
            return 2;
        }
        catch (Exception e) when (e is SetupException or FeatureInUseException or FeatureCatalogException or RecipeFormatException or ArgumentException or IOException or InvalidOperationException or System.Data.Common.DbException or UnauthorizedAccessException)
        {
            output.Error(e.Message);
            return 1;
        }
    }

    public static readonly string[] Usage =
    [
        "setup --recipe FILE|NAME --site-name S --admin USER --password PW [--email E] [--time-zone Z] [--db-provider sqlite|postgres --db-connection CS]",
        "recipe import FILE",
        "recipe export --out FILE",
        "features list | features enable ID | features disable ID",
        "apikey create NAME [--role ROLE]",
        "followers import FILE [--map col=field ...] | followers export --out FILE [--tag T ...]",
        "global options: --data-dir DIR, --json",
    ];

    private static async Task<int> SetupAsync(CliArguments cli, CliOutput output, IServiceProvider services)
    {
        var setup = services.GetRequiredService<SiteSetup>();
        DatabaseSettings? database = null;
        if (cli.Option("db-connection") is { } connection)
        {
            database = new DatabaseSettings(DatabaseSettings.ParseProvider(cli.Option("db-provider") ?? "postgres"), connection);
        }
        else if (cli.Option("db-provider") is { } provider && DatabaseSettings.ParseProvider(provider) == DatabaseProvider.Postgres)
        {
            throw new CliUsageException("--db-provider postgres needs --db-connection.");
        }

        var report = await setup.RunAsync(new SetupRequest(
            cli.Required("site-name"),
            cli.Option("time-zone") ?? "Asia/Shanghai",
            cli.Required("admin"),
            cli.Required("password"),
            cli.Option("email"),
            database,
            cli.Required("recipe")));
        return Report(output, report, "Setup");
    }

    private static async Task<int> RecipeAsync(CliArguments cli, CliOutput output, ShellHost host, IServiceProvider services)
    {
        switch (cli.At(1, "recipe action (import|export)"))
        {
            case "import":
                var file = cli.At(2, "recipe file");
                var found = services.GetRequiredService<RecipeHarvester>().Find(file) ?? throw new CliUsageException($"No recipe file or name '{file}'.");
                var report = await services.GetRequiredService<RecipeImporter>().ImportAsync(found.Recipe, new RecipeImportOptions { UserName = AuditLog.CliUser });
                return Report(output, report, "Import");
            case "export":
                var path = cli.Required("out");
                await using (var scope = host.Current!.Services.CreateAsyncScope())
                {
                    var site = await scope.ServiceProvider.GetRequiredService<SiteSettingsStore>().GetAsync();
                    var recipe = await scope.ServiceProvider.GetRequiredService<RecipeExporter>().ExportAsync(site.SiteName);
                    await File.WriteAllTextAsync(path, recipe.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                    await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync("recipe.export", Path.GetFileName(path));
                    var steps = recipe["steps"]!.AsArray().Count;
                    output.Result(new { ok = true, file = Path.GetFullPath(path), steps }, $"Exported {steps} steps to {path}");
                }

                return 0;
            default:
                throw new CliUsageException("Use `recipe import FILE` or `recipe export --out FILE`.");
        }
    }

    private static async Task<int> FeaturesAsync(CliArguments cli, CliOutput output, ShellHost host)
    {
        var action = cli.At(1, "features action (list|enable|disable)");
        if (action == "list")
        {
            var shell = host.Current!;
            var rows = host.Catalog.All.OrderBy(f => f.Id, StringComparer.Ordinal)
                .Select(f => new { id = f.Id, name = f.Name, category = f.Category, enabled = shell.IsEnabled(f.Id), alwaysEnabled = f.AlwaysEnabled, dependencies = f.Dependencies })
                .ToList();
            output.Result(rows, string.Join(Environment.NewLine, rows.Select(r => $"{(r.enabled ? "[x]" : "[ ]")} {r.id,-32} {r.name}")));
            return 0;
        }

        var id = cli.At(2, "feature id");
        var shellAfter = action switch
        {
            "enable" => await host.EnableAsync([id]),
            "disable" => await host.DisableAsync([id]),
            _ => throw new CliUsageException("Use `features list`, `features enable ID` or `features disable ID`."),
        };
        await using (var scope = shellAfter.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync($"feature.{action}", id);
        }

        output.Result(new { ok = true, feature = id, enabled = shellAfter.IsEnabled(id) }, $"{id}: {(shellAfter.IsEnabled(id) ? "enabled" : "disabled")}");
        return 0;
    }

    private static async Task<int> ApiKeyAsync(CliArguments cli, CliOutput output, ShellHost host)
    {
        if (cli.At(1, "apikey action (create)") != "create")
        {
            throw new CliUsageException("Use `apikey create NAME`.");
        }

        var name = cli.At(2, "key name");
        await using var scope = host.Current!.Services.CreateAsyncScope();
        var issued = await scope.ServiceProvider.GetRequiredService<IApiKeyIssuer>().CreateAsync(name, cli.Option("role") ?? CorePermissions.AdministratorRole, AuditLog.CliUser);
        output.Result(new { ok = true, id = issued.Id, name = issued.Name, key = issued.Key }, issued.Key);
        return 0;
    }

    private static async Task<int> ModuleCommandAsync(string verb, CliArguments cli, CliOutput output, ShellHost host)
    {
        await using var scope = host.Current!.Services.CreateAsyncScope();
        var command = scope.ServiceProvider.GetServices<ICliCommand>().FirstOrDefault(c => string.Equals(c.Verb, verb, StringComparison.OrdinalIgnoreCase));
        if (command is null)
        {
            output.Error($"`{verb}` is not available: the feature that provides it is not enabled.");
            return 1;
        }

        return await command.RunAsync(cli, output, scope.ServiceProvider, CancellationToken.None);
    }

    private static int Report(CliOutput output, RecipeReport report, string what)
    {
        var summary = new
        {
            ok = report.Succeeded,
            recipe = report.RecipeName,
            applied = report.Applied,
            skipped = report.Skipped,
            warnings = report.Warnings,
            steps = report.Steps.Select(s => new { s.Index, s.Name, status = s.Status.ToString(), s.Message }),
            failure = report.Failure,
        };
        if (!report.Succeeded)
        {
            output.Error($"{what} failed, nothing was kept: {report.Failure}", summary);
            return 1;
        }

        var text = $"{what} of '{report.RecipeName}' done: {report.Applied} steps applied, {report.Skipped} skipped."
            + string.Concat(report.Warnings.Select(w => Environment.NewLine + "  warning: " + w));
        output.Result(summary, text);
        return 0;
    }
}
