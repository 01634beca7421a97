using System.Text.Json.Nodes;

namespace Lianjie.Core.Recipes;

/// <summary>A parsed recipe: header, variables and raw steps (scripted values not yet evaluated).</summary>
public sealed class RecipeDescriptor
{
    public string Name { get; init; } = string.Empty;

    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public bool IsSetupRecipe { get; init; }

    public JsonObject Variables { get; init; } = [];

    public IReadOnlyList<JsonObject> Steps { get; init; } = [];

    /// <summary>The folder the recipe came from, for [file:...] values and nested recipes.</summary>
    public string? BasePath { get; init; }
}

/// <summary>Malformed recipe JSON, with 1-based line and column.</summary>
public sealed class RecipeFormatException(string message, long? line, long? column)
    : Exception(line is null ? message : $"{message} (line {line}, column {column})")
{
    public long? Line { get; } = line;

    public long? Column { get; } = column;
}
