using Lianjie.Core.Shells;

namespace Lianjie.Core.Recipes;

/// <summary>Finds recipes by name in the configured recipe folders.</summary>
public sealed class RecipeHarvester(SiteOptions options)
{
    public IReadOnlyList<(RecipeDescriptor Recipe, string Path)> List()
    {
        var found = new List<(RecipeDescriptor, string)>();
        foreach (var directory in options.RecipeDirectories.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
            {
                try
                {
                    found.Add((RecipeReader.ParseFile(file), file));
                }
                catch (RecipeFormatException)
                {
                    // A broken file in the folder should not hide the others.
                }
            }
        }

        return found;
    }

    public (RecipeDescriptor Recipe, string Path)? Find(string nameOrPath)
    {
        if (File.Exists(nameOrPath))
        {
            return (RecipeReader.ParseFile(nameOrPath), Path.GetFullPath(nameOrPath));
        }

        foreach (var item in List())
        {
            if (string.Equals(item.Recipe.Name, nameOrPath, StringComparison.OrdinalIgnoreCase)
                || string.Equals(Path.GetFileName(item.Path), nameOrPath, StringComparison.OrdinalIgnoreCase)
                || string.Equals(Path.GetFileName(item.Path), nameOrPath + ".recipe.json", StringComparison.OrdinalIgnoreCase))
            {
                return item;
            }
        }

        return null;
    }
}
