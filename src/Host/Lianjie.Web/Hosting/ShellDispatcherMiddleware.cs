using Lianjie.Core.Shells;

namespace Lianjie.Web.Hosting;

/// <summary>
/// Runs each request in the live shell. The lease keeps a shell alive until its requests finish,
/// so a feature change never cuts a request short.
/// </summary>
public sealed class ShellDispatcherMiddleware(RequestDelegate next, ShellHost host)
{
    public async Task InvokeAsync(HttpContext context)
    {
        while (true)
        {
            var shell = host.Current;
            if (shell is null)
            {
                await next(context);
                return;
            }

            if (!shell.TryEnter())
            {
                continue;
            }

            try
            {
                await using var scope = shell.Services.CreateAsyncScope();
                var hostServices = context.RequestServices;
                context.RequestServices = scope.ServiceProvider;
                try
                {
                    await shell.Pipeline(context);
                }
                finally
                {
                    context.RequestServices = hostServices;
                }
            }
            finally
            {
                shell.Leave();
            }

            return;
        }
    }
}
