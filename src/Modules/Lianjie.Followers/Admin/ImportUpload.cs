using Lianjie.Followers.Import.Jobs;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Lianjie.Followers.Admin;

/// <summary>
/// The admin upload of an import file, streamed from the request straight into the job's stored
/// file: a 1,000,000-row CSV (~62 MiB) is over Kestrel's default 30 MB body limit, and buffering it
/// as a form first would write it to disk twice. The limit is raised for this endpoint only, up to
/// <see cref="MaxFileBytes"/>. The endpoint is exempt from the anti-forgery middleware (which would
/// buffer the whole form to find the token) and checks the form's token here instead.
/// </summary>
internal static class ImportUpload
{
    /// <summary>The largest file the admin accepts; bigger files go through the CLI (followers import FILE).</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Room for the multipart framing and the small form fields around the file.</summary>
    private const long FormOverheadBytes = 1 << 20;

    private const int MaxFieldBytes = 16 * 1024;

    private static UploadOutcome Forged =>
        UploadOutcome.Refused("The form has expired or is missing its anti-forgery token. Reload the page and try again.", StatusCodes.Status403Forbidden);

    public static string TooLargeMessage => "The file is larger than 1 GiB. Split it, or import it from the command line (followers import FILE).";

    public static async Task<UploadOutcome> ReadAsync(HttpContext http, ImportJobStore jobs, string createdBy)
    {
        if (http.Request.ContentLength > MaxFileBytes + FormOverheadBytes)
        {
            return UploadOutcome.Refused(TooLargeMessage, StatusCodes.Status413PayloadTooLarge);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxFileBytes + FormOverheadBytes;
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return UploadOutcome.Refused("Choose a CSV or Excel file.", StatusCodes.Status400BadRequest);
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var tokenField = AntiforgeryOptionsOf(http).FormFieldName;
        ImportJobRecord? job = null;
        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body);
            while (await reader.ReadNextSectionAsync(http.RequestAborted) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                if (fileName is not null)
                {
                    if (name == "file" && job is null && fileName.Length > 0)
                    {
                        // The page puts its token before the file: a forged form is refused before anything is written.
                        if (fields.TryGetValue(tokenField, out var early) && !await TokenIsValidAsync(http, early))
                        {
                            return Forged;
                        }

                        var counted = new LimitedReadStream(section.Body, MaxFileBytes);
                        job = await jobs.CreateAsync(fileName, counted, createdBy, http.RequestAborted);
                        if (counted.BytesRead == 0)
                        {
                            await DiscardAsync(jobs, job);
                            job = null;
                        }
                    }

                    continue;
                }

                fields[name] = await ReadFieldAsync(section.Body, http.RequestAborted);
            }
        }
        catch (Exception e) when (e is FileTooLargeException || (e is BadHttpRequestException bad && bad.StatusCode == StatusCodes.Status413PayloadTooLarge))
        {
            await DiscardAsync(jobs, job);
            return UploadOutcome.Refused(TooLargeMessage, StatusCodes.Status413PayloadTooLarge);
        }
        catch
        {
            await DiscardAsync(jobs, job);
            throw;
        }

        if (!await TokenIsValidAsync(http, fields.GetValueOrDefault(tokenField)))
        {
            await DiscardAsync(jobs, job);
            return Forged;
        }

        return job is null ? UploadOutcome.Refused("Choose a CSV or Excel file.", StatusCodes.Status400BadRequest) : UploadOutcome.Stored(job);
    }

    /// <summary>The form's token, checked as the middleware would: handed over in the header, so the (already read) body is not read again.</summary>
    private static async Task<bool> TokenIsValidAsync(HttpContext http, string? token)
    {
        var options = AntiforgeryOptionsOf(http);
        if (string.IsNullOrEmpty(token) || options.HeaderName is null)
        {
            return false;
        }

        http.Request.Headers[options.HeaderName] = token;
        return await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
    }

    private static AntiforgeryOptions AntiforgeryOptionsOf(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;

    private static async Task<string> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await new LimitedReadStream(body, MaxFieldBytes).CopyToAsync(buffer, cancellationToken);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task DiscardAsync(ImportJobStore jobs, ImportJobRecord? job)
    {
        if (job is not null)
        {
            await jobs.DeleteDraftAsync(job, CancellationToken.None);
        }
    }

    /// <summary>Counts what passes through and stops past a limit (a body sent without a length is only bounded by the server's limit).</summary>
    private sealed class LimitedReadStream(Stream inner, long max) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            BytesRead += read;
            return BytesRead > max ? throw new FileTooLargeException() : read;
        }
    }

    private sealed class FileTooLargeException() : IOException("The upload is over the limit.");
}

/// <summary>Either the stored draft job, or why the upload was refused.</summary>
internal sealed record UploadOutcome(ImportJobRecord? Job, string? Problem, int StatusCode)
{
    /// <summary>A forged or expired form gets a bare answer, as from the anti-forgery middleware; other problems are shown on the upload page.</summary>
    public bool Forged => StatusCode == StatusCodes.Status403Forbidden;

    public static UploadOutcome Stored(ImportJobRecord job) => new(job, null, StatusCodes.Status200OK);

    public static UploadOutcome Refused(string problem, int statusCode) => new(null, problem, statusCode);
}
