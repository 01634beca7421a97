using System.Net;
using System.Text.RegularExpressions;
using Lianjie.Core.Modules;
using Lianjie.Core.Recipes;
using Lianjie.Core.Shells;
using Lianjie.Web.Setup;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Testing;

/// <summary>
/// A real Lianjie host in-process over a fresh data directory and database. Module assemblies
/// next to the tests are installed, plus any extra assemblies a test project passes (e.g. its own
/// test modules).
/// </summary>
public sealed partial class TestSite : IAsyncDisposable
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "Passw0rd!";

    private WebApplicationFactory<Program> _factory;

    private TestSite(string dataDirectory, TestDatabase database)
    {
        DataDirectory = dataDirectory;
        Database = database;
        _factory = CreateFactory();
    }

    /// <summary>Assemblies with extra (test) modules to install; set once by a test project.</summary>
    public static IReadOnlyList<System.Reflection.Assembly> ExtraModuleAssemblies { get; set; } = [];

    public string DataDirectory { get; }

    public TestDatabase Database { get; }

    public IServiceProvider Services => _factory.Services;

    public ShellHost ShellHost => Services.GetRequiredService<ShellHost>();

    public static async Task<TestSite> CreateAsync(string provider = "sqlite")
    {
        var directory = Directory.CreateTempSubdirectory("lianjie-test-").FullName;
        return new TestSite(directory, await TestDatabase.CreateAsync(provider));
    }

    /// <summary>A site set up with a recipe and an administrator.</summary>
    public static async Task<TestSite> SetUpAsync(string provider = "sqlite", string recipe = "blank")
    {
        var site = await CreateAsync(provider);
        var report = await site.RunSetupAsync(recipe);
        Assert.True(report.Succeeded, report.Failure?.ToString());
        return site;
    }

    public Task<RecipeReport> RunSetupAsync(string recipe, string password = AdminPassword)
    {
        _ = _factory.Server; // start the host
        return Services.GetRequiredService<SiteSetup>().RunAsync(new SetupRequest("Test site", "Asia/Shanghai", AdminUser, password, null, Database.Settings, recipe));
    }

    public HttpClient CreateClient() =>
        _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<HttpClient> LoginAsync(string user = AdminUser, string password = AdminPassword)
    {
        var client = CreateClient();
        var response = await PostFormAsync(client, "/login", "/login", new() { ["userName"] = user, ["password"] = password, ["returnUrl"] = "/admin" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A client authenticated with a new API key of the given role.</summary>
    public async Task<HttpClient> CreateApiClientAsync(string role = Lianjie.Core.Security.CorePermissions.AdministratorRole)
    {
        await using var scope = ShellHost.Current!.Services.CreateAsyncScope();
        var issued = await scope.ServiceProvider.GetRequiredService<Lianjie.Core.Security.IApiKeyIssuer>().CreateAsync("tests", role, "tests");
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", issued.Key);
        return client;
    }

    /// <summary>Runs a ledger reactor until it has caught up (instead of waiting for the background loop).</summary>
    public Task CatchUpAsync(string reactor) => Lianjie.Core.Ledger.LedgerReactors.CatchUpAsync(ShellHost.Current!.Services, reactor);

    /// <summary>Opens <paramref name="pagePath"/> to get an anti-forgery token, then posts the form.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pagePath, string action, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(pagePath);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = Token(page) };
        return await client.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public static string Token(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "The page has no anti-forgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Stops the host and starts a new one over the same data directory and database.</summary>
    public async Task RestartAsync()
    {
        await _factory.DisposeAsync();
        _factory = CreateFactory();
        _ = _factory.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await Database.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private WebApplicationFactory<Program> CreateFactory() =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("data-dir", DataDirectory);
            builder.UseEnvironment("Development");
            builder.ConfigureServices(services =>
            {
                var assemblies = ModuleAssemblyLoader.LoadFrom(AppContext.BaseDirectory).Concat(ExtraModuleAssemblies).Distinct();
                services.AddSingleton(FeatureCatalog.FromAssemblies(assemblies));
            });
        });

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
