using System.Text.Json;
using Lianjie.Core.Data;
using Lianjie.Core.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.Core.Shells;

/// <summary>
/// Owns the live shell. Feature changes build a new shell beside the old one, migrate, persist the
/// feature set and then swap; requests already running finish on the old shell.
/// </summary>
public sealed class ShellHost(IServiceProvider hostServices, FeatureCatalog catalog, SiteOptions options, ILogger<ShellHost> logger)
{
    private readonly SemaphoreSlim _changeLock = new(1, 1);
    private ShellContext? _current;

    public ShellContext? Current => Volatile.Read(ref _current);

    public DatabaseSettings? Database { get; private set; }

    public FeatureCatalog Catalog => catalog;

    public SiteOptions Options => options;

    public bool IsSetUp => Current is not null;

    /// <summary>Serialises feature changes and recipe imports.</summary>
    public SemaphoreSlim ChangeLock => _changeLock;

    /// <summary>Loads the site from its data directory when it was set up before.</summary>
    public async Task<bool> InitializeAsync(CancellationToken cancellationToken = default)
    {
        var saved = SiteFile.Read(options.SiteFile);
        if (saved is null)
        {
            return false;
        }

        Database = saved;
        var enabled = await ReadEnabledFeaturesAsync(saved, cancellationToken);
        var unknown = enabled.Where(id => !catalog.TryGet(id, out _)).ToList();
        foreach (var id in unknown)
        {
            logger.LogWarning("Enabled feature {Feature} is no longer installed; ignoring it", id);
        }

        var shell = BuildShell(enabled.Except(unknown, StringComparer.OrdinalIgnoreCase));
        await using (var scope = shell.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MigrationRunner>().RunAsync(cancellationToken);
        }

        await ActivateAsync(shell);
        return true;
    }

    /// <summary>Used by setup before the site exists.</summary>
    public void UseDatabase(DatabaseSettings? database) => Database = database;

    public ShellContext BuildShell(IEnumerable<string> featureIds) =>
        new ShellBuilder(hostServices, catalog).Build(featureIds, Database ?? throw new InvalidOperationException("The site has no database yet; run setup first."));

    public async Task ActivateAsync(ShellContext shell)
    {
        var previous = Interlocked.Exchange(ref _current, shell);
        if (previous is not null)
        {
            // Stop the old reactors before the new ones start so no event is handled twice at once.
            await previous.StopBackgroundAsync();
        }

        if (options.RunBackgroundServices)
        {
            shell.StartBackground();
        }

        if (previous is not null)
        {
            await previous.RetireAsync();
        }

        logger.LogInformation("Shell activated with {Count} features", shell.Features.Count);
    }

    public Task<ShellContext> EnableAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default) =>
        ChangeAsync(current => current.Concat(ids.Select(id => catalog.Get(id).Id)), cancellationToken);

    public Task<ShellContext> DisableAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default) =>
        ChangeAsync(
            current =>
            {
                var set = current.ToHashSet(StringComparer.OrdinalIgnoreCase);
                foreach (var id in ids)
                {
                    var feature = catalog.Get(id);
                    if (feature.AlwaysEnabled)
                    {
                        throw new FeatureInUseException(feature.Id, ["the host (it is always enabled)"]);
                    }

                    var dependents = catalog.DependentsOf(feature.Id, set);
                    if (dependents.Count > 0)
                    {
                        throw new FeatureInUseException(feature.Id, dependents);
                    }

                    set.Remove(feature.Id);
                }

                return set;
            },
            cancellationToken);

    /// <summary>Builds the shell for a new feature set inside the caller's transaction (recipes use this).</summary>
    public async Task<ShellContext> PrepareShellAsync(IEnumerable<string> featureIds, DbSession outerSession, CancellationToken cancellationToken)
    {
        var shell = BuildShell(featureIds);
        try
        {
            await using var scope = shell.Services.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            session.AttachTo(outerSession);
            await scope.ServiceProvider.GetRequiredService<MigrationRunner>().RunAsync(cancellationToken);
            await WriteEnabledFeaturesAsync(session, shell.FeatureIds, cancellationToken);
            return shell;
        }
        catch
        {
            await shell.DisposeAsync();
            throw;
        }
    }

    private async Task<ShellContext> ChangeAsync(Func<IEnumerable<string>, IEnumerable<string>> change, CancellationToken cancellationToken)
    {
        await _changeLock.WaitAsync(cancellationToken);
        try
        {
            var current = Current ?? throw new InvalidOperationException("The site is not set up.");
            var next = change(current.FeatureIds).ToList();
            var shell = BuildShell(next);
            try
            {
                await using var scope = shell.Services.CreateAsyncScope();
                var session = scope.ServiceProvider.GetRequiredService<DbSession>();
                await session.BeginTransactionAsync(cancellationToken);
                await scope.ServiceProvider.GetRequiredService<MigrationRunner>().RunAsync(cancellationToken);
                await WriteEnabledFeaturesAsync(session, shell.FeatureIds, cancellationToken);
                await session.CommitAsync(cancellationToken);
            }
            catch
            {
                await shell.DisposeAsync();
                throw;
            }

            await ActivateAsync(shell);
            return shell;
        }
        finally
        {
            _changeLock.Release();
        }
    }

    internal static async Task WriteEnabledFeaturesAsync(DbSession session, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        await using (var delete = await session.CreateCommandAsync("DELETE FROM \"ShellFeatures\"", cancellationToken))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var id in ids.Order(StringComparer.Ordinal))
        {
            await using var insert = await session.CreateCommandAsync("INSERT INTO \"ShellFeatures\" (\"FeatureId\") VALUES (@id)", cancellationToken);
            insert.AddParameter("id", id);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<List<string>> ReadEnabledFeaturesAsync(DatabaseSettings database, CancellationToken cancellationToken)
    {
        await using var connection = await new DbConnectionFactory(database).OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"FeatureId\" FROM \"ShellFeatures\"";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}

/// <summary>The data directory's record of which database the site uses.</summary>
public static class SiteFile
{
    private sealed record Content(string Provider, string ConnectionString);

    public static DatabaseSettings? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var content = JsonSerializer.Deserialize<Content>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is empty.");
        return new DatabaseSettings(DatabaseSettings.ParseProvider(content.Provider), content.ConnectionString);
    }

    public static void Write(string path, DatabaseSettings settings)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var json = JsonSerializer.Serialize(new Content(settings.Provider.ToString(), settings.ConnectionString), new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(path, json);
    }
}
