using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace Lianjie.Core.Data;

/// <summary>
/// A module's schema history, written once with EF's provider-neutral migration operations and
/// turned into SQLite or PostgreSQL SQL at run time. Versions only ever grow.
/// </summary>
public interface IDataMigration
{
    string Module { get; }

    IReadOnlyList<MigrationStep> Steps { get; }
}

public sealed record MigrationStep(int Version, Action<MigrationBuilder> Up);

/// <summary>Column helpers that work on both providers.</summary>
public static class MigrationBuilderExtensions
{
    /// <summary>Annotations for an auto-increment key on both SQLite and PostgreSQL.</summary>
    public static OperationBuilder<AddColumnOperation> AutoIncrement(this OperationBuilder<AddColumnOperation> column) =>
        column
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
}
