using Lianjie.Core.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Testing;

/// <summary>Reads the site's database directly, to check what an operation really kept.</summary>
public static class SiteQueries
{
    public static async Task<long> ScalarAsync(this TestSite site, string sql)
    {
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await using var command = await session.CreateCommandAsync(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

public static class SiteTextQueries
{
    public static async Task<string?> TextAsync(this TestSite site, string sql)
    {
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await using var command = await session.CreateCommandAsync(sql);
        return await command.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
