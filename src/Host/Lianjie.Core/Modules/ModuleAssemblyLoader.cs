using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;

namespace Lianjie.Core.Modules;

/// <summary>
/// Finds module and theme assemblies next to the host, the way a plugin host would: any assembly
/// that references Lianjie.Core (read from metadata, without loading the others).
/// </summary>
public static class ModuleAssemblyLoader
{
    private static readonly string CoreName = typeof(ModuleAssemblyLoader).Assembly.GetName().Name!;

    public static IReadOnlyList<Assembly> LoadFrom(string directory)
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic)
            .GroupBy(a => a.GetName().Name ?? string.Empty, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var result = new List<Assembly> { typeof(ModuleAssemblyLoader).Assembly };
        foreach (var file in Directory.EnumerateFiles(directory, "*.dll").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal)
                || name.EndsWith(".Tests", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Lianjie.Bench", StringComparison.OrdinalIgnoreCase)
                || !ReferencesCore(file))
            {
                continue;
            }

            if (!loaded.TryGetValue(name, out var assembly))
            {
                assembly = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(name));
            }

            result.Add(assembly);
        }

        return result;
    }

    private static bool ReferencesCore(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return false;
            }

            var metadata = pe.GetMetadataReader();
            return metadata.AssemblyReferences.Any(h => metadata.GetString(metadata.GetAssemblyReference(h).Name) == CoreName);
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
