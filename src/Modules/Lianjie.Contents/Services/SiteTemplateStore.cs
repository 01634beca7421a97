using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;
using Lianjie.Core.Documents;
using Lianjie.Core.Templates;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Contents.Services;

public sealed record SiteTemplate(string Content, string? Description);

/// <summary>Site-level Liquid templates (the Templates step) in one document: { "Name": { "Content", "Description" } }.</summary>
public sealed class SiteTemplateStore(DocumentStore documents, SiteTemplateOverrides overrides)
{
    public const string DocumentType = "Templates";
    public const string DocumentKey = "default";

    public async Task<IReadOnlyDictionary<string, SiteTemplate>> LoadAsync(CancellationToken cancellationToken = default)
    {
        var record = await documents.GetRecordAsync(DocumentType, DocumentKey, cancellationToken);
        var result = new Dictionary<string, SiteTemplate>(StringComparer.OrdinalIgnoreCase);
        if (record is null)
        {
            return result;
        }

        foreach (var (name, value) in RecipeJson.ParseObject(record.Content))
        {
            if (value is JsonObject template && template.GetString("Content") is { } content)
            {
                result[name] = new SiteTemplate(content, template.GetString("Description"));
            }
        }

        return result;
    }

    public async Task SaveManyAsync(IReadOnlyDictionary<string, SiteTemplate> changes, CancellationToken cancellationToken = default)
    {
        var all = new Dictionary<string, SiteTemplate>(await LoadAsync(cancellationToken), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, template) in changes)
        {
            all[name] = template;
        }

        var document = new JsonObject();
        foreach (var (name, template) in all)
        {
            document[name] = new JsonObject { ["Content"] = template.Content, ["Description"] = template.Description };
        }

        await documents.SaveNodeAsync(DocumentType, DocumentKey, document, cancellationToken);
        overrides.Invalidate();
    }
}

/// <summary>
/// Serves the stored templates to the TemplateCatalog so a site overrides any view by name. Cached
/// briefly: an edit shows at once on this host (Invalidate) and within the TTL on other hosts.
/// </summary>
public sealed class SiteTemplateOverrides(IServiceProvider services, TimeProvider clock) : ITemplateOverrideSource
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private volatile Snapshot? _snapshot;

    public async ValueTask<string?> FindAsync(string name)
    {
        var snapshot = _snapshot;
        if (snapshot is null || clock.GetUtcNow() - snapshot.LoadedAt > Ttl)
        {
            await using var scope = services.CreateAsyncScope();
            var documents = scope.ServiceProvider.GetRequiredService<DocumentStore>();
            var store = new SiteTemplateStore(documents, this);
            snapshot = new Snapshot(await store.LoadAsync(), clock.GetUtcNow());
            _snapshot = snapshot;
        }

        return snapshot.Templates.TryGetValue(name, out var template) ? template.Content : null;
    }

    public void Invalidate() => _snapshot = null;

    private sealed record Snapshot(IReadOnlyDictionary<string, SiteTemplate> Templates, DateTimeOffset LoadedAt);
}
