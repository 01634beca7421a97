using System.Text.Encodings.Web;
using Fluid;
using Lianjie.Core.Data;
using Lianjie.Core.Recipes;
using Lianjie.Core.Shells;
using Microsoft.AspNetCore.Antiforgery;

namespace Lianjie.Web.Setup;

/// <summary>Until the site is set up, every page leads to the setup form.</summary>
public sealed class SetupMiddleware(RequestDelegate next, ShellHost host, SiteSetup setup, RecipeHarvester harvester, IAntiforgery antiforgery)
{
    private static readonly IFluidTemplate Page = LoadTemplate();

    public async Task InvokeAsync(HttpContext context)
    {
        if (host.IsSetUp)
        {
            await next(context);
            return;
        }

        var path = context.Request.Path;
        if (path.StartsWithSegments("/health"))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsJsonAsync(new { status = "SetupRequired" });
            return;
        }

        if (!path.StartsWithSegments("/setup"))
        {
            if (HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.Redirect("/setup");
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync("The site is not set up yet. Open /setup.");
            }

            return;
        }

        if (HttpMethods.IsPost(context.Request.Method))
        {
            await PostAsync(context);
            return;
        }

        await RenderAsync(context, null, null, StatusCodes.Status200OK);
    }

    private async Task PostAsync(HttpContext context)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("The form has expired or is missing its anti-forgery token. Reload the page and try again.");
            return;
        }

        var form = await context.Request.ReadFormAsync();
        DatabaseSettings? database = null;
        if (form["dbProvider"] == "postgres")
        {
            database = new DatabaseSettings(DatabaseProvider.Postgres, form["dbConnection"].ToString());
        }

        var request = new SetupRequest(
            form["siteName"].ToString(),
            string.IsNullOrWhiteSpace(form["timeZone"]) ? "Asia/Shanghai" : form["timeZone"].ToString(),
            form["adminUser"].ToString(),
            form["password"].ToString(),
            string.IsNullOrWhiteSpace(form["email"]) ? null : form["email"].ToString(),
            database,
            form["recipe"].ToString());
        try
        {
            var report = await setup.RunAsync(request, context.RequestAborted);
            if (!report.Succeeded)
            {
                await RenderAsync(context, report.Failure!.ToString(), form, StatusCodes.Status422UnprocessableEntity);
                return;
            }

            context.Response.Redirect("/login?returnUrl=%2Fadmin");
        }
        catch (Exception e) when (e is SetupException or System.Data.Common.DbException or ArgumentException)
        {
            host.UseDatabase(null);
            await RenderAsync(context, e.Message, form, StatusCodes.Status400BadRequest);
        }
    }

    private async Task RenderAsync(HttpContext context, string? error, IFormCollection? form, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var options = new TemplateOptions { MemberAccessStrategy = new UnsafeMemberAccessStrategy() };
        var model = new TemplateContext(options);
        model.SetValue("Error", error);
        model.SetValue("TokenName", tokens.FormFieldName);
        model.SetValue("Token", tokens.RequestToken);
        model.SetValue("Recipes", harvester.List().Where(r => r.Recipe.IsSetupRecipe).Select(r => new { r.Recipe.Name, r.Recipe.DisplayName, r.Recipe.Description }).ToList());
        model.SetValue("SiteName", form?["siteName"].ToString());
        model.SetValue("AdminUser", form?["adminUser"].ToString() ?? "admin");
        model.SetValue("Zones", TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(z => z.Contains('/')).Order(StringComparer.Ordinal).ToList());
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(await Page.RenderAsync(model, Lianjie.Core.Templates.PageEncoding.Html));
    }

    private static IFluidTemplate LoadTemplate()
    {
        var assembly = typeof(SetupMiddleware).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Views.Setup.liquid", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return Lianjie.Core.Templates.TemplateCatalog.Parse("Setup", reader.ReadToEnd());
    }
}
