using System.Text;
using Lianjie.Core.Data;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Bench.Tags;

/// <summary>Inserts N bare followers with multi-row inserts (seeding only; the module API would be far slower).</summary>
internal static class FollowerSeeder
{
    public static async Task<List<long>> SeedAsync(TestSite site, int count)
    {
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginTransactionAsync();
        for (var start = 0; start < count; start += 1000)
        {
            var sql = new StringBuilder("INSERT INTO \"Followers\" (\"AccountId\", \"OpenId\", \"Subscribed\", \"FirstSeenUtc\", \"LastSeenUtc\", \"Reads\", \"Shares\", \"Registrations\", \"Purchases\", \"PurchaseAmount\", \"Tags\", \"Profile\", \"AutomationOptOut\") VALUES ");
            for (var i = start; i < Math.Min(count, start + 1000); i++)
            {
                sql.Append(i == start ? string.Empty : ",").Append($"('wxbench', 'o{i:D8}', TRUE, @now, @now, 0, 0, 0, 0, 0, '', '{{}}', FALSE)");
            }

            await using var command = await session.CreateCommandAsync(sql.ToString());
            command.AddParameter("now", DateTime.UtcNow);
            await command.ExecuteNonQueryAsync();
        }

        await session.CommitAsync();
        var ids = new List<long>(count);
        await using var select = await session.CreateCommandAsync("SELECT \"Id\" FROM \"Followers\" ORDER BY \"Id\"");
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
