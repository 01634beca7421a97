using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Core.Modules;

/// <summary>
/// What a feature plugs into a shell: services, then endpoints. Admin menu entries, permissions,
/// recipe steps and ledger reactors are services, so they vanish with the feature.
/// </summary>
public abstract class ModuleStartup
{
    public virtual int Order => 0;

    public virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
