using System.Diagnostics;
using Lianjie.Contents.Definitions;
using Lianjie.Core.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Contents.Services;

/// <summary>
/// The parsed content definitions, shared by the requests of one shell (a new shell starts empty).
/// A save through <see cref="ContentDefinitionStore"/> drops it at once; it is also reloaded at least
/// every second, which bounds how stale it can be after a save on another host or a save whose
/// transaction committed after a concurrent reload.
/// </summary>
public sealed class ContentDefinitionCache(IServiceProvider services)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private volatile Entry? _entry;

    public async Task<ContentDefinitionSet> GetAsync(CancellationToken cancellationToken = default)
    {
        var entry = _entry;
        if (entry is not null && Stopwatch.GetElapsedTime(entry.LoadedAt) < MaxAge)
        {
            return entry.Definitions;
        }

        // Its own scope and session: reads committed data, whatever the caller's session is doing.
        var loadedAt = Stopwatch.GetTimestamp();
        await using var scope = services.CreateAsyncScope();
        var documents = scope.ServiceProvider.GetRequiredService<DocumentStore>();
        var record = await documents.GetRecordAsync(ContentDefinitionStore.DocumentType, ContentDefinitionStore.DocumentKey, cancellationToken);
        var definitions = record is null ? new ContentDefinitionSet() : ContentDefinitionSet.FromJson(RecipeJson.ParseObject(record.Content));
        _entry = new Entry(definitions, loadedAt);
        return definitions;
    }

    public void Invalidate() => _entry = null;

    private sealed record Entry(ContentDefinitionSet Definitions, long LoadedAt);
}
