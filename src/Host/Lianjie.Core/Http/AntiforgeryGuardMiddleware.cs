using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lianjie.Core.Http;

/// <summary>
/// Every unsafe request from a browser (cookie-authenticated forms) must carry an anti-forgery
/// token. The API authenticates by bearer key only, so it is exempt; so are endpoints marked
/// <see cref="ExemptFromAntiforgery"/> (signed WeChat callbacks, H5 beacons).
/// </summary>
public sealed class AntiforgeryGuardMiddleware(RequestDelegate next, IAntiforgery antiforgery, ILogger<AntiforgeryGuardMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)
            || context.Request.Path.StartsWithSegments("/api")
            || context.GetEndpoint()?.Metadata.GetMetadata<ExemptFromAntiforgery>() is not null)
        {
            await next(context);
            return;
        }

        if (!await antiforgery.IsRequestValidAsync(context))
        {
            logger.LogWarning("Rejected {Method} {Path}: missing or invalid anti-forgery token", context.Request.Method, context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("The form has expired or is missing its anti-forgery token. Reload the page and try again.");
            return;
        }

        await next(context);
    }
}

/// <summary>Endpoint metadata: this endpoint authenticates its requests another way.</summary>
public sealed class ExemptFromAntiforgery;
