using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace Lianjie.Core.Data;

/// <summary>Brings each enabled module's tables up to its latest migration version.</summary>
public sealed class MigrationRunner(DbSession session, IEnumerable<IDataMigration> migrations, ILogger<MigrationRunner> logger)
{
    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken cancellationToken = default)
    {
        var applied = new List<string>();
        await using var context = await session.CreateContextAsync(cancellationToken);
        var providerName = context.Database.ProviderName;
        var generator = context.GetService<IMigrationsSqlGenerator>();

        // The bookkeeping table itself is the first migration of all.
        await ExecuteAsync(context, generator, providerName, b => CoreMigration.CreateMigrationTable(b), cancellationToken);

        var versions = await context.ModuleMigrations.AsNoTracking().ToDictionaryAsync(m => m.Module, m => m.Version, cancellationToken);
        foreach (var migration in migrations.OrderBy(m => m.Module == CoreMigration.ModuleName ? 0 : 1))
        {
            versions.TryGetValue(migration.Module, out var current);
            var pending = migration.Steps.Where(s => s.Version > current).OrderBy(s => s.Version).ToList();
            foreach (var step in pending)
            {
                await ExecuteAsync(context, generator, providerName, step.Up, cancellationToken);
                current = step.Version;
                applied.Add($"{migration.Module}@{step.Version}");
                logger.LogInformation("Applied migration {Module} version {Version}", migration.Module, step.Version);
            }

            if (pending.Count > 0)
            {
                await using var upsert = await session.CreateCommandAsync(
                    session.IsSqlite
                        ? "INSERT INTO \"ModuleMigrations\" (\"Module\", \"Version\") VALUES (@m, @v) ON CONFLICT(\"Module\") DO UPDATE SET \"Version\" = excluded.\"Version\""
                        : "INSERT INTO \"ModuleMigrations\" (\"Module\", \"Version\") VALUES (@m, @v) ON CONFLICT (\"Module\") DO UPDATE SET \"Version\" = EXCLUDED.\"Version\"",
                    cancellationToken);
                upsert.AddParameter("m", migration.Module);
                upsert.AddParameter("v", current);
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        return applied;
    }

    private async Task ExecuteAsync(DbContext context, IMigrationsSqlGenerator generator, string? providerName, Action<MigrationBuilder> up, CancellationToken cancellationToken)
    {
        var builder = new MigrationBuilder(providerName);
        up(builder);
        var commands = generator.Generate(builder.Operations, context.Model);
        foreach (var command in commands)
        {
            await using var db = await session.CreateCommandAsync(command.CommandText, cancellationToken);
            await db.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
