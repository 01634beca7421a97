using Microsoft.AspNetCore.Builder;

namespace Lianjie.Core.Shells;

/// <summary>
/// Middleware a feature adds to its shell's pipeline, after routing, authentication and
/// authorisation and before the endpoints run (e.g. WeChat's OAuth redirect for /h5 pages).
/// Registered as a singleton service, so it vanishes with the feature.
/// </summary>
public interface IShellPipelineContributor
{
    int Order => 0;

    void Configure(IApplicationBuilder app);
}
