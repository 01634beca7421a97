using Lianjie.Core.Audit;
using Lianjie.Core.Documents;
using Lianjie.Core.Shells;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Core.Data;

/// <summary>
/// The site's EF model: core tables plus whatever the enabled modules contribute.
/// Tables are created by module migrations (<see cref="IDataMigration"/>), never by EnsureCreated.
/// </summary>
public sealed class LianjieDbContext : DbContext
{
    private readonly IServiceProvider _services;

    public LianjieDbContext(DbContextOptions<LianjieDbContext> options, ShellModelKey modelKey, IServiceProvider services)
        : base(options)
    {
        ModelKey = modelKey;
        _services = services;
    }

    public ShellModelKey ModelKey { get; }

    public DbSet<ShellFeatureRecord> ShellFeatures => Set<ShellFeatureRecord>();

    public DbSet<ModuleMigrationRecord> ModuleMigrations => Set<ModuleMigrationRecord>();

    public DbSet<DocumentRecord> Documents => Set<DocumentRecord>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ShellFeatureRecord>(e =>
        {
            e.ToTable("ShellFeatures");
            e.HasKey(x => x.FeatureId);
        });
        modelBuilder.Entity<ModuleMigrationRecord>(e =>
        {
            e.ToTable("ModuleMigrations");
            e.HasKey(x => x.Module);
        });
        modelBuilder.Entity<DocumentRecord>(e =>
        {
            e.ToTable("Documents");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Type, x.Key }).IsUnique();
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("AuditEntries");
            e.HasKey(x => x.Id);
        });

        foreach (var contributor in _services.GetServices<IEntityModelContributor>())
        {
            contributor.Configure(modelBuilder);
        }

        // SQLite hands DateTime back without a kind; everything we store is UTC.
        var utc = new ValueConverter<DateTime, DateTime>(v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        var utcNullable = new ValueConverter<DateTime?, DateTime?>(
            v => v.HasValue ? (v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime()) : v,
            v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.ClrType == typeof(DateTime))
                {
                    property.SetValueConverter(utc);
                }
                else if (property.ClrType == typeof(DateTime?))
                {
                    property.SetValueConverter(utcNullable);
                }
            }
        }
    }
}

public sealed class ShellFeatureRecord
{
    public string FeatureId { get; set; } = string.Empty;
}

public sealed class ModuleMigrationRecord
{
    public string Module { get; set; } = string.Empty;

    public int Version { get; set; }
}
