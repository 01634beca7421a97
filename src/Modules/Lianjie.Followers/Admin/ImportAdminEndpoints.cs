using System.Globalization;
using System.Security.Claims;
using Lianjie.Core.Audit;
using Lianjie.Core.Http;
using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Lianjie.Followers.Import;
using Lianjie.Followers.Import.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Followers.Admin;

/// <summary>Upload → map columns (with a validated preview) → background job with a polled status.</summary>
internal static class ImportAdminEndpoints
{
    private const int PreviewRows = 10;

    /// <summary>Targets offered in the mapping form; "" keeps the automatic guess.</summary>
    private static readonly IReadOnlyList<(string Value, string Label)> Targets =
    [
        (string.Empty, "Automatic"),
        ("openid", "OpenID"),
        ("unionid", "UnionID"),
        ("nickname", "Nickname"),
        ("remark", "Remark"),
        ("tags", "Tags"),
        ("subscribed", "Subscribed"),
        ("subscribeTime", "Subscribe time"),
        ("-", "Ignore"),
    ];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin/followers/import").RequirePermission(FollowersPermissions.ManageFollowers).ExcludeFromDescription();

        admin.MapGet("/", async (PageRenderer pages, ImportJobStore jobs, string? message) =>
            await pages.AdminAsync("Import followers", "Followers.Import", new { Jobs = await jobs.RecentAsync(), Message = message }));

        // Streams the file itself (large files; see ImportUpload), so the anti-forgery middleware must not buffer the form first.
        admin.MapPost("/", async (HttpContext http, ImportJobStore jobs, AuditLog audit) =>
        {
            var upload = await ImportUpload.ReadAsync(http, jobs, http.User.FindFirstValue(ClaimTypes.Name) ?? "admin");
            if (upload.Job is not { } job)
            {
                return upload.Forged
                    ? Results.Text(upload.Problem, statusCode: StatusCodes.Status400BadRequest)
                    : Results.Redirect("/admin/followers/import?message=" + Uri.EscapeDataString(upload.Problem!));
            }

            await audit.RecordAsync("followers.import.upload", JobTarget(job.Id), job.FileName);
            return Results.Redirect($"/admin/followers/import/{job.Id}/map");
        }).WithMetadata(new ExemptFromAntiforgery());

        admin.MapGet("/{id:long}/map", async (long id, PageRenderer pages, ImportJobStore jobs) =>
        {
            var job = await jobs.GetAsync(id);
            return job is null ? Results.NotFound() : await MapPageAsync(pages, job, null);
        });

        admin.MapPost("/{id:long}/map", async (long id, HttpContext http, PageRenderer pages, ImportJobStore jobs, ImportJobSignal signal, AuditLog audit) =>
        {
            var job = await jobs.GetAsync(id);
            if (job is null || job.Status != ImportJobStatus.Draft)
            {
                return Results.Redirect($"/admin/followers/import/{id}");
            }

            var form = await http.Request.ReadFormAsync();
            var header = form["header"].ToArray();
            job.Map = string.Join("\n", header.Select((h, i) => (h, target: form[$"map{i}"].ToString())).Where(p => p.target.Length > 0).Select(p => $"{p.h}={p.target}"));
            job.CreateUnknownTags = form["unknownTags"].ToString() == "create";
            job.AccountId = form["account"].ToString().Trim();
            if (form["action"].ToString() != "start")
            {
                await jobs.UpdateAsync(job);
                return await MapPageAsync(pages, job, null);
            }

            try
            {
                using var reader = FollowerFileReader.Open(job.StoredPath);
                FollowerColumnMap.FromHeader(reader.Header, job.MapLines);
            }
            catch (FollowerImportException e)
            {
                return await MapPageAsync(pages, job, e.Message);
            }

            job.Status = ImportJobStatus.Pending;
            await jobs.UpdateAsync(job);
            signal.Pulse();
            await audit.RecordAsync("followers.import", JobTarget(job.Id), $"{job.FileName}; unknown tags: {(job.CreateUnknownTags ? "create" : "reject")}");
            return Results.Redirect($"/admin/followers/import/{id}");
        });

        admin.MapGet("/{id:long}", async (long id, PageRenderer pages, ImportJobStore jobs) =>
        {
            var job = await jobs.GetAsync(id);
            return job is null ? Results.NotFound() : await pages.AdminAsync("Import followers", "Followers.ImportJob", new { Job = job });
        });

        admin.MapGet("/{id:long}/status", async (long id, ImportJobStore jobs) =>
        {
            var job = await jobs.GetAsync(id);
            return job is null
                ? Results.NotFound()
                : Results.Json(new { id = job.Id, status = job.Status, rowsRead = job.RowsRead, rowsImported = job.RowsImported, rowsFailed = job.RowsFailed, message = job.Message, done = job.Status is ImportJobStatus.Completed or ImportJobStatus.Failed });
        });

        admin.MapGet("/{id:long}/errors", async (long id, ImportJobStore jobs, AuditLog audit) =>
        {
            var job = await jobs.GetAsync(id);
            if (job is null)
            {
                return Results.NotFound();
            }

            var path = await jobs.WriteErrorFileAsync(job);
            await audit.RecordAsync("followers.import.errors", JobTarget(id), "error file downloaded");
            return Results.File(path, "text/csv; charset=utf-8", $"import-{id}-errors.csv");
        });
    }

    private static async Task<IResult> MapPageAsync(PageRenderer pages, ImportJobRecord job, string? problem)
    {
        IReadOnlyList<string> header = [];
        var preview = new List<object>();
        var columns = new List<object>();
        try
        {
            using var reader = FollowerFileReader.Open(job.StoredPath);
            header = reader.Header;
            var overrides = job.MapLines.Select(ColumnMapping.Parse).ToList();
            var map = FollowerColumnMap.FromHeader(header, overrides);
            var validator = new FollowerRowValidator(map);
            foreach (var raw in reader.ReadRows().Take(PreviewRows))
            {
                var result = validator.Validate(raw);
                preview.Add(new { raw.RowNumber, Cells = header.Select((_, i) => raw.Cell(i)).ToList(), Valid = result.IsValid, Errors = string.Join("; ", result.Errors.Select(e => $"{e.Column}: {e.Reason}")) });
            }

            columns = map.Columns.Select(c => (object)new
            {
                c.Index,
                c.Header,
                Guess = c.Field == FollowerField.Profile ? "profile: " + c.ProfileName : c.Field.ToString(),
                Chosen = overrides.FirstOrDefault(o => string.Equals(o.Column, c.Header, StringComparison.OrdinalIgnoreCase))?.Field ?? string.Empty,
            }).ToList();
        }
        catch (FollowerImportException e)
        {
            problem ??= e.Message;
            columns = header.Select((h, i) => (object)new { Index = i, Header = h, Guess = "?", Chosen = job.MapLines.FirstOrDefault(l => l.StartsWith(h + "=", StringComparison.Ordinal))?[(h.Length + 1)..] ?? string.Empty }).ToList();
        }

        return await pages.AdminAsync("Map columns", "Followers.ImportMap", new
        {
            Job = job,
            Header = header,
            Columns = columns,
            Targets = Targets.Select(t => new { t.Value, t.Label }).ToList(),
            Preview = preview,
            Problem = problem,
        });
    }

    private static string JobTarget(long id) => "import:" + id.ToString(CultureInfo.InvariantCulture);
}
