using Lianjie.Core.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lianjie.Bench.Host;

/// <summary>
/// Builds the host's service provider with the given feature catalog in place of the scanned one,
/// so the bench module is installed without changing Lianjie.Web.
/// </summary>
internal sealed class CatalogProviderFactory(FeatureCatalog catalog) : IServiceProviderFactory<IServiceCollection>
{
    public IServiceCollection CreateBuilder(IServiceCollection services) => services;

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder)
    {
        containerBuilder.Replace(ServiceDescriptor.Singleton(catalog));
        return containerBuilder.BuildServiceProvider();
    }
}
