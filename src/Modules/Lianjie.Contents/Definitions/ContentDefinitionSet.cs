using System.Text.Json.Nodes;

namespace Lianjie.Contents.Definitions;

/// <summary>
/// All content types and parts of a tenant: the in-memory form of the stored definition document.
/// Imports are "alter" operations (Orchard's AlterTypeDefinition): they add or update, never drop,
/// so importing the same step twice leaves the same state.
/// Not thread-safe; load, change and save it as one document.
/// </summary>
public sealed class ContentDefinitionSet
{
    private readonly List<ContentTypeDefinition> _types = [];
    private readonly List<ContentPartDefinition> _parts = [];

    public IReadOnlyList<ContentTypeDefinition> Types => _types;

    public IReadOnlyList<ContentPartDefinition> Parts => _parts;

    public ContentTypeDefinition? GetTypeDefinition(string name) =>
        _types.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public ContentPartDefinition? GetPartDefinition(string name) =>
        _parts.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The fields an item of the type carries under this part's Name (from the PartName definition).</summary>
    public IEnumerable<ContentPartFieldDefinition> GetFields(ContentTypePartDefinition typePart) =>
        GetPartDefinition(typePart.PartName)?.OrderedFields ?? [];

    public void Import(ContentDefinitionStep step)
    {
        foreach (var part in step.ContentParts)
        {
            AlterPart(part);
        }

        foreach (var type in step.ContentTypes)
        {
            AlterType(type);
        }
    }

    /// <summary>
    /// Adds the type or merges into it: DisplayName replaced when given, settings deep-merged,
    /// parts added or their settings merged. Parts absent from <paramref name="incoming"/> stay.
    /// </summary>
    public ContentTypeDefinition AlterType(ContentTypeDefinition incoming)
    {
        var existing = GetTypeDefinition(incoming.Name);
        if (existing is null)
        {
            existing = incoming.Clone();
            _types.Add(existing);
            return existing;
        }

        existing.DisplayName = incoming.DisplayName ?? existing.DisplayName;
        existing.Settings.DeepMerge(incoming.Settings);
        existing.ExtraProperties.DeepMerge(incoming.ExtraProperties);
        foreach (var part in incoming.Parts)
        {
            var current = existing.GetPart(part.Name);
            if (current is null)
            {
                existing.Parts.Add(part.Clone());
                continue;
            }

            current.PartName = part.PartName;
            current.Settings.DeepMerge(part.Settings);
            current.ExtraProperties.DeepMerge(part.ExtraProperties);
        }

        return existing;
    }

    /// <summary>Adds the part or merges into it; fields absent from <paramref name="incoming"/> stay.</summary>
    public ContentPartDefinition AlterPart(ContentPartDefinition incoming)
    {
        var existing = GetPartDefinition(incoming.Name);
        if (existing is null)
        {
            existing = incoming.Clone();
            _parts.Add(existing);
            return existing;
        }

        existing.Settings.DeepMerge(incoming.Settings);
        existing.ExtraProperties.DeepMerge(incoming.ExtraProperties);
        foreach (var field in incoming.Fields)
        {
            var current = existing.GetField(field.Name);
            if (current is null)
            {
                existing.Fields.Add(field.Clone());
                continue;
            }

            current.FieldName = field.FieldName;
            current.Settings.DeepMerge(field.Settings);
            current.ExtraProperties.DeepMerge(field.ExtraProperties);
        }

        return existing;
    }

    /// <summary>
    /// Orchard's ReplaceContentDefinition: each type and part in the step is dropped and recreated
    /// exactly as given (nothing merged), keeping its place in the list. Others are untouched.
    /// </summary>
    public void Replace(ContentDefinitionStep step)
    {
        foreach (var part in step.ContentParts)
        {
            ReplaceIn(_parts, part.Clone(), part.Name, p => p.Name);
        }

        foreach (var type in step.ContentTypes)
        {
            ReplaceIn(_types, type.Clone(), type.Name, t => t.Name);
        }
    }

    public bool RemoveType(string name) =>
        GetTypeDefinition(name) is { } type && _types.Remove(type);

    /// <summary>Removes the part definition and detaches it from every type, as Orchard does.</summary>
    public bool RemovePart(string name)
    {
        if (GetPartDefinition(name) is not { } part)
        {
            return false;
        }

        _parts.Remove(part);
        foreach (var type in _types)
        {
            type.Parts.RemoveAll(p => string.Equals(p.PartName, part.Name, StringComparison.OrdinalIgnoreCase));
        }

        return true;
    }

    /// <summary>Detaches one part (by its Name on the type) without touching the part definition.</summary>
    public bool RemovePartFromType(string typeName, string partName) =>
        GetTypeDefinition(typeName) is { } type
        && type.Parts.RemoveAll(p => string.Equals(p.Name, partName, StringComparison.OrdinalIgnoreCase)) > 0;

    public bool RemoveField(string partName, string fieldName) =>
        GetPartDefinition(partName) is { } part
        && part.Fields.RemoveAll(f => string.Equals(f.Name, fieldName, StringComparison.OrdinalIgnoreCase)) > 0;

    /// <summary>
    /// Puts the named parts first, in the given order, and rewrites every Position (0, 1, ...).
    /// Parts not named keep their relative order after them. Unknown names are ignored.
    /// </summary>
    public void ReorderParts(string typeName, IEnumerable<string> partNamesInOrder)
    {
        var type = GetTypeDefinition(typeName) ?? throw new KeyNotFoundException($"Content type '{typeName}' not found.");
        var ordered = Reorder(type.OrderedParts.ToList(), partNamesInOrder, p => p.Name);
        type.Parts.Clear();
        type.Parts.AddRange(ordered);
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].PartSettings.Position = i;
        }
    }

    /// <summary>Same as <see cref="ReorderParts"/> for the fields of a part.</summary>
    public void ReorderFields(string partName, IEnumerable<string> fieldNamesInOrder)
    {
        var part = GetPartDefinition(partName) ?? throw new KeyNotFoundException($"Content part '{partName}' not found.");
        var ordered = Reorder(part.OrderedFields.ToList(), fieldNamesInOrder, f => f.Name);
        part.Fields.Clear();
        part.Fields.AddRange(ordered);
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].FieldSettings.Position = i;
        }
    }

    public ContentDefinitionStep Export()
    {
        var step = new ContentDefinitionStep();
        step.ContentTypes.AddRange(_types.Select(t => t.Clone()));
        step.ContentParts.AddRange(_parts.Select(p => p.Clone()));
        return step;
    }

    /// <summary>The stored document is the exported step itself, so recipes and storage share one shape.</summary>
    public JsonObject ToJson() => Export().ToJson();

    public static ContentDefinitionSet FromJson(JsonObject document)
    {
        var set = new ContentDefinitionSet();
        set.Import(ContentDefinitionStep.Parse(document));
        return set;
    }

    public ContentDefinitionSet Clone() => FromJson(ToJson());

    private static void ReplaceIn<T>(List<T> list, T replacement, string name, Func<T, string> nameOf)
    {
        var index = list.FindIndex(x => string.Equals(nameOf(x), name, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            list.Add(replacement);
        }
        else
        {
            list[index] = replacement;
        }
    }

    private static List<T> Reorder<T>(List<T> current, IEnumerable<string> namesInOrder, Func<T, string> nameOf)
    {
        var result = new List<T>();
        foreach (var name in namesInOrder)
        {
            var match = current.FirstOrDefault(x => string.Equals(nameOf(x), name, StringComparison.OrdinalIgnoreCase));
            if (match is not null && !result.Contains(match))
            {
                result.Add(match);
            }
        }

        result.AddRange(current.Where(x => !result.Contains(x)));
        return result;
    }
}
