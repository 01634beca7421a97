using Microsoft.AspNetCore.Diagnostics;

namespace Lianjie.Web.Hosting;

/// <summary>Unhandled errors: a problem document for the API, a short page for people.</summary>
internal static class ErrorResponses
{
    public static async Task WriteAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, title) = error switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            OperationCanceledException => (StatusCodes.Status499ClientClosedRequest, "Request cancelled"),
            _ => (StatusCodes.Status500InternalServerError, "Server error"),
        };
        context.Response.StatusCode = status;
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Headers.Accept.ToString().Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            await Results.Problem(title: title, detail: status < 500 ? error?.Message : "The error was logged.", statusCode: status).ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync($"{status} {title}. {(status < 500 ? error?.Message : "The error was logged.")}");
    }
}
