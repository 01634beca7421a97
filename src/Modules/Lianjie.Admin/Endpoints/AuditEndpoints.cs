using Lianjie.Core.Data;
using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Admin.Endpoints;

internal static class AuditEndpoints
{
    private const int PageSize = 50;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/audit", async (PageRenderer pages, DbSession session, string? user, string? action, int? page) =>
        {
            await using var db = await session.CreateContextAsync();
            var query = db.AuditEntries.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(user))
            {
                query = query.Where(a => a.UserName.Contains(user));
            }

            if (!string.IsNullOrWhiteSpace(action))
            {
                query = query.Where(a => a.Action.StartsWith(action));
            }

            var total = await query.CountAsync();
            var current = Math.Max(1, page ?? 1);
            var items = await query.OrderByDescending(a => a.Id).Skip((current - 1) * PageSize).Take(PageSize).ToListAsync();
            return await pages.AdminAsync("Audit log", "Audit", new
            {
                Items = items,
                Total = total,
                Page = current,
                Pages = Math.Max(1, (total + PageSize - 1) / PageSize),
                User = user,
                Action = action,
            });
        }).RequirePermission(CorePermissions.ViewAudit).ExcludeFromDescription();
    }
}
