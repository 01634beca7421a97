using System.Globalization;
using System.Security.Claims;
using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Lianjie.Followers.Search;
using Lianjie.Followers.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Followers.Admin;

/// <summary>One follower: profile, tags, consent, opt-out, timeline, data export and erasure.</summary>
internal static class FollowerDetailEndpoints
{
    private const int TimelinePageSize = 20;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var view = endpoints.MapGroup("/admin/followers").RequirePermission(FollowersPermissions.ViewFollowers).ExcludeFromDescription();
        var manage = endpoints.MapGroup("/admin/followers").RequirePermission(FollowersPermissions.ManageFollowers).ExcludeFromDescription();

        view.MapGet("/{id:long}", async (long id, int? page, string? message, HttpContext http, PageRenderer pages, FollowerList list, ConsentRegistry consents, IBehaviourLedger ledger, AuditLog audit) =>
        {
            var follower = await list.GetAsync(id);
            if (follower is null)
            {
                return Results.NotFound();
            }

            var personal = await http.HasPermissionAsync(FollowersPermissions.ViewPersonalData);
            if (personal)
            {
                // PIPL: every look at unmasked personal data leaves a trace.
                await audit.RecordAsync("followers.view", Target(id), "personal data shown");
            }

            var current = Math.Max(1, page ?? 1);
            var (events, total) = await ledger.QueryAsync(new LedgerQuery(id, Skip: (current - 1) * TimelinePageSize, Take: TimelinePageSize));
            var profile = FollowerSearchDocuments.ProfileFields(follower.Profile);
            var history = await consents.HistoryAsync(id);
            return await pages.AdminAsync("Follower", "Followers.Detail", new
            {
                Follower = new
                {
                    follower.Id,
                    follower.OpenId,
                    UnionId = personal ? follower.UnionId : null,
                    follower.AccountId,
                    Nickname = personal ? follower.Nickname : PersonalDataMask.Name(follower.Nickname),
                    Remark = personal ? follower.Remark : null,
                    follower.Subscribed,
                    follower.FirstSource,
                    follower.FirstSeenUtc,
                    follower.LastSeenUtc,
                    follower.Reads,
                    follower.Shares,
                    follower.Registrations,
                    follower.Purchases,
                    PurchaseAmount = follower.PurchaseAmount.ToString("0.00", CultureInfo.InvariantCulture),
                    follower.AutomationOptOut,
                    follower.ErasedUtc,
                    Erased = follower.ErasedUtc is not null,
                },
                Profile = (personal ? profile : PersonalDataMask.Profile(profile)).Select(p => new { Name = p.Key, p.Value }).ToList(),
                Tags = (await FollowerTags.GetAsync(http.RequestServices, follower, http.RequestAborted))
                    .Select(t => new { t.Tag, t.Group, t.Source, t.By, AppliedUtc = t.AppliedUtc == default ? (DateTime?)null : t.AppliedUtc, t.ExpiresUtc }).ToList(),
                Consents = history.Select(c => new { c.Purpose, c.Granted, c.Source, c.TimeUtc }).ToList(),
                CurrentConsents = ConsentPurposes.All.Select(p => new { Purpose = p, Granted = history.FirstOrDefault(c => c.Purpose == p)?.Granted }).ToList(),
                Timeline = events.Select(e => new { e.Type, e.Subject, Payload = personal ? e.Payload : null, e.OccurredUtc, e.Source }).ToList(),
                TimelineTotal = total,
                Page = current,
                Pages = Math.Max(1, (total + TimelinePageSize - 1) / TimelinePageSize),
                Masked = !personal,
                CanManage = await http.HasPermissionAsync(FollowersPermissions.ManageFollowers),
                Message = message,
            });
        });

        manage.MapPost("/{id:long}/consent", async (long id, HttpContext http, ConsentRegistry consents, AuditLog audit) =>
        {
            var form = await http.Request.ReadFormAsync();
            var purpose = form["purpose"].ToString();
            var granted = form["granted"].ToString() == "true";
            try
            {
                await consents.RecordAsync(id, purpose, granted, "admin:" + http.User.FindFirstValue(ClaimTypes.Name));
            }
            catch (ArgumentException e)
            {
                return Results.Redirect($"/admin/followers/{id}?message={Uri.EscapeDataString(e.Message)}");
            }

            await audit.RecordAsync("followers.consent", Target(id), $"{purpose}={(granted ? "granted" : "withdrawn")}");
            return Results.Redirect($"/admin/followers/{id}?message=saved");
        });

        manage.MapPost("/{id:long}/automation", async (long id, HttpContext http, DbSession session, AuditLog audit) =>
        {
            var form = await http.Request.ReadFormAsync();
            var optOut = form["optOut"].ToString() == "true";
            await using var command = await session.CreateCommandAsync("UPDATE \"Followers\" SET \"AutomationOptOut\" = @o WHERE \"Id\" = @id");
            command.AddParameter("o", optOut);
            command.AddParameter("id", id);
            await command.ExecuteNonQueryAsync();
            await audit.RecordAsync("followers.automation", Target(id), optOut ? "opted out of automated marketing" : "opted back in");
            return Results.Redirect($"/admin/followers/{id}?message=saved");
        });

        manage.MapGet("/{id:long}/export", async (long id, FollowerDataExport export, AuditLog audit, HttpContext http) =>
        {
            var data = await export.ExportAsync(id);
            if (data is null)
            {
                return Results.NotFound();
            }

            await audit.RecordAsync("followers.data.export", Target(id), "admin download");
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"follower-{id}.json\"";
            return Results.Text(data.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), "application/json; charset=utf-8");
        });

        manage.MapGet("/{id:long}/erase", async (long id, PageRenderer pages, FollowerList list) =>
        {
            var follower = await list.GetAsync(id);
            return follower is null || follower.ErasedUtc is not null
                ? Results.NotFound()
                : await pages.AdminAsync("Erase follower", "Followers.Erase", new { follower.Id, follower.OpenId });
        });

        manage.MapPost("/{id:long}/erase", async (long id, HttpContext http, FollowerErasure erasure, AuditLog audit) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (form["confirm"].ToString() != id.ToString(CultureInfo.InvariantCulture))
            {
                return Results.Redirect($"/admin/followers/{id}/erase");
            }

            if (await erasure.EraseAsync(id, http.User.FindFirstValue(ClaimTypes.Name) ?? "admin"))
            {
                await audit.RecordAsync("followers.erase", Target(id), "admin");
            }

            return Results.Redirect($"/admin/followers/{id}?message=erased");
        });
    }

    private static string Target(long id) => "follower:" + id.ToString(CultureInfo.InvariantCulture);
}
