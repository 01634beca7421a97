using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;

namespace Lianjie.Contents.Tests;

/// <summary>The real Orchard Core recipes linked into the test output (see the csproj).</summary>
public static class RecipeFixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "fixtures", "orchardcore");

    public static IReadOnlyList<string> FileNames =>
        [.. System.IO.Directory.GetFiles(Directory, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public static JsonObject Load(string fileName) => RecipeJson.ParseObject(File.ReadAllText(Path.Combine(Directory, fileName)));

    /// <summary>Files that contain at least one step with this name, for [MemberData].</summary>
    public static TheoryData<string> FilesWithStep(string stepName)
    {
        var data = new TheoryData<string>();
        foreach (var file in FileNames.Where(f => RecipeJson.FindSteps(Load(f), stepName).Any()))
        {
            data.Add(file);
        }

        return data;
    }

    public static TheoryData<string> AllFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in FileNames)
        {
            data.Add(file);
        }

        return data;
    }
}
