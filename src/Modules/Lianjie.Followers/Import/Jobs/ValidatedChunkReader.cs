using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Lianjie.Followers.Import.Jobs;

/// <summary>A chunk of rows read from the file, validated: what the importer commits in one transaction.</summary>
internal sealed record ValidatedChunk(List<RawRow> Rows, List<FollowerImportRow> Valid, List<ImportRowError> Errors);

/// <summary>
/// Reads and validates the file on a background task, a few chunks ahead of the writer: parsing is
/// CPU work that otherwise waits for each chunk's commit. At most <see cref="ChunksAhead"/> chunks
/// wait, so memory stays flat whatever the file's size. Rows committed before a restart are skipped.
/// </summary>
internal sealed class ValidatedChunkReader(FollowerFileReader reader, FollowerRowValidator validator, int chunkSize, long skipRows, bool tagsEnabled, string tagsColumn)
{
    public const int ChunksAhead = 2;

    public async IAsyncEnumerable<ValidatedChunk> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chunks = Channel.CreateBounded<ValidatedChunk>(new BoundedChannelOptions(ChunksAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(chunks.Writer, stop.Token), stop.Token);
        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellationToken))
            {
                yield return chunk;
            }

            await producer; // surfaces a read error (bad encoding …) after the chunks before it
        }
        finally
        {
            // The writer stopped early (failure, take-over, cancellation): stop reading too.
            await stop.CancelAsync();
            await producer.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task ProduceAsync(ChannelWriter<ValidatedChunk> chunks, CancellationToken cancellationToken)
    {
        try
        {
            var chunk = NewChunk();
            long ordinal = 0;
            foreach (var raw in reader.ReadRows())
            {
                ordinal++;
                if (ordinal <= skipRows)
                {
                    continue; // committed before a restart
                }

                Add(chunk, raw);
                if (chunk.Rows.Count >= chunkSize)
                {
                    await chunks.WriteAsync(chunk, cancellationToken);
                    chunk = NewChunk();
                }
            }

            if (chunk.Rows.Count > 0)
            {
                await chunks.WriteAsync(chunk, cancellationToken);
            }

            chunks.Complete();
        }
        catch (Exception e)
        {
            chunks.Complete(e);
            throw;
        }
    }

    private ValidatedChunk NewChunk() => new(new List<RawRow>(chunkSize), new List<FollowerImportRow>(chunkSize), []);

    private void Add(ValidatedChunk chunk, RawRow raw)
    {
        chunk.Rows.Add(raw);
        var result = validator.Validate(raw);
        if (!result.IsValid)
        {
            chunk.Errors.AddRange(result.Errors);
        }
        else if (result.Row!.Tags.Count > 0 && !tagsEnabled)
        {
            chunk.Errors.Add(new ImportRowError(raw.RowNumber, tagsColumn, "importing tags needs the Tags feature: enable Lianjie.Tags (or map this column to '-')"));
        }
        else
        {
            chunk.Valid.Add(result.Row);
        }
    }
}
