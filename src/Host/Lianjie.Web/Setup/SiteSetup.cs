using Lianjie.Core.Data;
using Lianjie.Core.Recipes;
using Lianjie.Core.Security;
using Lianjie.Core.Settings;
using Lianjie.Core.Shells;

namespace Lianjie.Web.Setup;

public sealed record SetupRequest(
    string SiteName,
    string TimeZone,
    string AdminUser,
    string AdminPassword,
    string? AdminEmail,
    DatabaseSettings? Database,
    string Recipe);

/// <summary>First run: choose the database, run the setup recipe and create the administrator, all or nothing.</summary>
public sealed class SiteSetup(ShellHost host, RecipeHarvester harvester, RecipeImporter importer, SiteOptions options, IConfiguration configuration)
{
    private readonly SemaphoreSlim _once = new(1, 1);

    /// <summary>The database setup uses unless told otherwise: configuration, else SQLite in the data directory.</summary>
    public DatabaseSettings DefaultDatabase()
    {
        var provider = configuration["Lianjie:Database:Provider"];
        var connection = configuration["Lianjie:Database:ConnectionString"];
        return !string.IsNullOrWhiteSpace(connection)
            ? new DatabaseSettings(DatabaseSettings.ParseProvider(provider), connection)
            : new DatabaseSettings(DatabaseProvider.Sqlite, DbConnectionFactory.SqliteConnectionString(options.DefaultSqlitePath));
    }

    public async Task<RecipeReport> RunAsync(SetupRequest request, CancellationToken cancellationToken = default)
    {
        await _once.WaitAsync(cancellationToken);
        try
        {
            if (host.IsSetUp)
            {
                throw new SetupException("The site is already set up.");
            }

            Validate(request);
            var found = harvester.Find(request.Recipe) ?? throw new SetupException($"No recipe named '{request.Recipe}'. Available: {string.Join(", ", harvester.List().Select(r => r.Recipe.Name))}.");
            var database = request.Database ?? DefaultDatabase();
            host.UseDatabase(database);
            var start = host.BuildShell([]);
            var report = await importer.ImportAsync(found.Recipe, new RecipeImportOptions
            {
                StartShell = start,
                UserName = request.AdminUser,
                BeforeCommit = async (services, ct) =>
                {
                    await services.GetRequiredService<IAdminAccountCreator>().CreateAdministratorAsync(request.AdminUser, request.AdminPassword, request.AdminEmail, ct);
                    var store = services.GetRequiredService<SiteSettingsStore>();
                    var settings = await store.GetAsync(ct);
                    settings.SiteName = request.SiteName;
                    settings.TimeZoneId = request.TimeZone;
                    await store.SaveAsync(settings, ct);
                },
            }, cancellationToken);

            if (!report.Succeeded)
            {
                host.UseDatabase(null);
                if (host.Current != start)
                {
                    await start.DisposeAsync();
                }

                return report;
            }

            SiteFile.Write(options.SiteFile, database);
            return report;
        }
        finally
        {
            _once.Release();
        }
    }

    private static void Validate(SetupRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.SiteName))
        {
            throw new SetupException("A site name is required.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZone, out _))
        {
            throw new SetupException($"Unknown time zone '{request.TimeZone}'.");
        }

        if (string.IsNullOrWhiteSpace(request.AdminUser))
        {
            throw new SetupException("An administrator user name is required.");
        }

        try
        {
            Lianjie.Users.Services.UserService.ValidatePassword(request.AdminPassword);
        }
        catch (ArgumentException e)
        {
            throw new SetupException(e.Message);
        }
    }
}

public sealed class SetupException(string message) : Exception(message);
