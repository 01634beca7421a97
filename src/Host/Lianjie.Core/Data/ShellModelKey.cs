using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Lianjie.Core.Data;

/// <summary>Identifies the set of enabled features, so EF caches one model per feature set.</summary>
public sealed record ShellModelKey(string Value);

internal sealed class ShellModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is LianjieDbContext lianjie
            ? (context.GetType(), lianjie.ModelKey.Value, context.Database.ProviderName, designTime)
            : (object)(context.GetType(), designTime);
}
