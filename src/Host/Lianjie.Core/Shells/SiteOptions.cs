namespace Lianjie.Core.Shells;

/// <summary>Where the site keeps its files (database, indexes, logs, uploads).</summary>
public sealed class SiteOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>Folders searched for recipes by name, in order.</summary>
    public IReadOnlyList<string> RecipeDirectories { get; init; } = [];

    /// <summary>False for the command line: reactors run in the server, which catches up from checkpoints.</summary>
    public bool RunBackgroundServices { get; init; } = true;

    public string SiteFile => Path.Combine(DataDirectory, "site.json");

    public string DefaultSqlitePath => Path.Combine(DataDirectory, "lianjie.db");
}
