using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;
using Lianjie.Core.Admin;
using Lianjie.Core.Security;
using Lianjie.Core.Settings;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Lianjie.Core.Templates;

/// <summary>Renders a feature's Liquid view inside a layout (the admin layout by default).</summary>
public sealed class PageRenderer(
    TemplateCatalog templates,
    TextCatalog texts,
    IHttpContextAccessor httpContextAccessor,
    IAntiforgery antiforgery,
    SiteSettingsStore siteSettings,
    IEnumerable<IAdminMenuContributor> menu)
{
    public const string CultureCookie = "lj-culture";

    private static readonly TemplateOptions Options = CreateOptions();

    public async Task<IResult> AdminAsync(string title, string view, object? model = null, int statusCode = 200)
    {
        var http = httpContextAccessor.HttpContext!;
        var items = new List<object>();
        foreach (var item in menu.SelectMany(m => m.GetItems()).OrderBy(i => i.Order).ThenBy(i => i.Text, StringComparer.Ordinal))
        {
            if ((item.Permission is null || await http.HasPermissionAsync(item.Permission))
                && (item.IsVisibleAsync is null || await item.IsVisibleAsync(http)))
            {
                items.Add(new { item.Text, item.Url, item.Group, Active = http.Request.Path.StartsWithSegments(item.Url) && item.Url != "/admin" || http.Request.Path == item.Url });
            }
        }

        return await PageAsync("Layout.Admin", title, view, model, statusCode, new Dictionary<string, object?> { ["Menu"] = items });
    }

    /// <summary>A page in a given layout (e.g. "Layout.Plain" for login and setup).</summary>
    public async Task<IResult> PageAsync(string layout, string title, string view, object? model = null, int statusCode = 200, IDictionary<string, object?>? extra = null)
    {
        var html = await RenderPageAsync(layout, title, view, model, extra);
        return Results.Content(html, "text/html; charset=utf-8", statusCode: statusCode);
    }

    public async Task<string> RenderPageAsync(string layout, string title, string view, object? model, IDictionary<string, object?>? extra = null)
    {
        var context = await CreateContextAsync(title, model, extra);
        var body = await (await templates.GetAsync(view)).RenderAsync(context, Lianjie.Core.Templates.PageEncoding.Html);
        context.SetValue("Body", new StringValue(body, encode: false));
        return await (await templates.GetAsync(layout)).RenderAsync(context, Lianjie.Core.Templates.PageEncoding.Html);
    }

    /// <summary>Renders a lone view (no layout), e.g. a message template.</summary>
    public async Task<string> RenderViewAsync(string view, object? model)
    {
        var context = await CreateContextAsync(string.Empty, model, null);
        return await (await templates.GetAsync(view)).RenderAsync(context, Lianjie.Core.Templates.PageEncoding.Html);
    }

    public string Culture
    {
        get
        {
            var http = httpContextAccessor.HttpContext;
            var cookie = http?.Request.Cookies[CultureCookie];
            return cookie is "en" or "zh-CN" ? cookie : _siteCulture ?? "zh-CN";
        }
    }

    private string? _siteCulture;

    public string T(string text) => texts.Translate(text, Culture);

    private async Task<TemplateContext> CreateContextAsync(string title, object? model, IDictionary<string, object?>? extra)
    {
        var http = httpContextAccessor.HttpContext;
        var settings = await siteSettings.GetAsync();
        _siteCulture = settings.Culture;
        var culture = Culture;
        var context = new TemplateContext(Options);
        context.AmbientValues["texts"] = texts;
        context.AmbientValues["culture"] = culture;
        context.AmbientValues["zone"] = settings.TimeZone;
        context.CultureInfo = CultureInfo.InvariantCulture;
        context.SetValue("Model", model);
        context.SetValue("Title", texts.Translate(title, culture));
        context.SetValue("SiteName", settings.SiteName);
        context.SetValue("Culture", culture);
        context.SetValue("Lang", TextCatalog.IsChinese(culture) ? "zh-CN" : "en");
        context.SetValue("UserName", http?.User.FindFirstValue(ClaimTypes.Name));
        context.SetValue("Path", http?.Request.Path.Value + http?.Request.QueryString.Value);
        if (http is not null)
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            context.SetValue("Antiforgery", new StringValue($"<input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{Lianjie.Core.Templates.PageEncoding.Html.Encode(tokens.RequestToken ?? string.Empty)}\" />", encode: false));
            context.SetValue("AntiforgeryToken", tokens.RequestToken);
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, object?>())
        {
            context.SetValue(key, value);
        }

        return context;
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { MemberAccessStrategy = new UnsafeMemberAccessStrategy() };
        options.Filters.AddFilter("t", (input, _, context) =>
        {
            var texts = (TextCatalog)context.AmbientValues["texts"];
            var culture = (string)context.AmbientValues["culture"];
            return new StringValue(texts.Translate(input.ToStringValue(), culture));
        });
        options.Filters.AddFilter("local_time", (input, arguments, context) =>
        {
            var zone = (TimeZoneInfo)context.AmbientValues["zone"];
            var format = arguments.At(0).IsNil() ? "yyyy-MM-dd HH:mm" : arguments.At(0).ToStringValue();
            var raw = input.ToObjectValue();
            DateTimeOffset? utc = raw switch
            {
                DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
                DateTimeOffset dto => dto,
                _ => null,
            };
            return utc is null ? NilValue.Instance : new StringValue(TimeZoneInfo.ConvertTime(utc.Value, zone).ToString(format, CultureInfo.InvariantCulture));
        });
        return options;
    }
}
