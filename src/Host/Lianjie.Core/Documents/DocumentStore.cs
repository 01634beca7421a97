using System.Text.Json;
using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Core.Documents;

/// <summary>Saves JSON documents and keeps their index tables in step, in one transaction.</summary>
public sealed class DocumentStore(DbSession session, IEnumerable<IDocumentIndexProvider> indexProviders)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public async Task<T?> GetAsync<T>(string type, string key, CancellationToken cancellationToken = default)
        where T : class
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var record = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Type == type && d.Key == key, cancellationToken);
        return record is null ? null : JsonSerializer.Deserialize<T>(record.Content, Json);
    }

    public async Task<DocumentRecord?> GetRecordAsync(string type, string key, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Type == type && d.Key == key, cancellationToken);
    }

    public async Task<IReadOnlyList<DocumentRecord>> ListAsync(string type, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Documents.AsNoTracking().Where(d => d.Type == type).OrderBy(d => d.Id).ToListAsync(cancellationToken);
    }

    public Task<DocumentRecord> SaveAsync<T>(string type, string key, T document, CancellationToken cancellationToken = default) =>
        SaveNodeAsync(type, key, JsonSerializer.SerializeToNode(document, Json)!.AsObject(), cancellationToken);

    public async Task<DocumentRecord> SaveNodeAsync(string type, string key, JsonObject content, CancellationToken cancellationToken = default)
    {
        var ownTransaction = session.Transaction is null;
        if (ownTransaction)
        {
            await session.BeginTransactionAsync(cancellationToken);
        }

        try
        {
            await using var db = await session.CreateContextAsync(cancellationToken);
            var now = DateTime.UtcNow;
            var record = await db.Documents.FirstOrDefaultAsync(d => d.Type == type && d.Key == key, cancellationToken);
            if (record is null)
            {
                record = new DocumentRecord { Type = type, Key = key, CreatedUtc = now };
                db.Documents.Add(record);
            }

            record.Content = content.ToJsonString(Json);
            record.Version++;
            record.ModifiedUtc = now;
            await db.SaveChangesAsync(cancellationToken);

            foreach (var provider in indexProviders.Where(p => p.DocumentType == type))
            {
                await ReplaceIndexRowsAsync(db, provider, record.Id, provider.Map(record.Id, key, content), cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            if (ownTransaction)
            {
                await session.CommitAsync(cancellationToken);
            }

            return record;
        }
        catch
        {
            if (ownTransaction)
            {
                await session.RollbackAsync();
            }

            throw;
        }
    }

    public async Task<bool> DeleteAsync(string type, string key, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var record = await db.Documents.FirstOrDefaultAsync(d => d.Type == type && d.Key == key, cancellationToken);
        if (record is null)
        {
            return false;
        }

        foreach (var provider in indexProviders.Where(p => p.DocumentType == type))
        {
            await ReplaceIndexRowsAsync(db, provider, record.Id, [], cancellationToken);
        }

        db.Documents.Remove(record);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static async Task ReplaceIndexRowsAsync(LianjieDbContext db, IDocumentIndexProvider provider, long documentId, IEnumerable<IDocumentIndex> rows, CancellationToken cancellationToken)
    {
        var entityType = db.Model.FindEntityType(provider.IndexType)
            ?? throw new InvalidOperationException($"Index type {provider.IndexType.Name} is not mapped.");
        var table = entityType.GetTableName();
        // The table name comes from our own model, not from input.
        var sql = "DELETE FROM \"" + table + "\" WHERE \"DocumentId\" = {0}";
        await db.Database.ExecuteSqlRawAsync(sql, [documentId], cancellationToken);
        foreach (var row in rows)
        {
            row.DocumentId = documentId;
            db.Add(row);
        }
    }
}
