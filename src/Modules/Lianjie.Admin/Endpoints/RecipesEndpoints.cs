using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Lianjie.Core.Recipes;
using Lianjie.Core.Security;
using Lianjie.Core.Settings;
using Lianjie.Core.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Admin.Endpoints;

internal static class RecipesEndpoints
{
    private const long MaxRecipeBytes = 20 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/admin/recipes").RequirePermission(CorePermissions.ImportRecipes).ExcludeFromDescription();

        group.MapGet("/", async (PageRenderer pages, RecipeHarvester harvester) =>
            await pages.AdminAsync("Recipes", "Recipes", new { Available = Available(harvester), Report = (object?)null }));

        group.MapPost("/import", async (HttpContext http, PageRenderer pages, RecipeHarvester harvester, RecipeImporter importer) =>
        {
            var form = await http.Request.ReadFormAsync();
            RecipeReport report;
            try
            {
                var recipe = await ReadRecipeAsync(form, harvester);
                report = await importer.ImportAsync(recipe, new RecipeImportOptions { UserName = http.User.FindFirstValue(ClaimTypes.Name) });
            }
            catch (RecipeFormatException e)
            {
                report = new RecipeReport { RecipeName = form.Files.FirstOrDefault()?.FileName ?? form["name"].ToString() };
                report.Failure = new RecipeFailure(null, null, e.Message, e.Line, e.Column);
            }

            return await pages.AdminAsync("Recipes", "Recipes", new { Available = Available(harvester), Report = report }, report.Succeeded ? 200 : 422);
        });

        group.MapPost("/export", async (RecipeExporter exporter, SiteSettingsStore settings) =>
        {
            var site = await settings.GetAsync();
            var recipe = await exporter.ExportAsync(site.SiteName);
            var bytes = Encoding.UTF8.GetBytes(recipe.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return Results.File(bytes, "application/json", $"lianjie-export-{DateTime.UtcNow:yyyyMMdd-HHmm}.recipe.json");
        });
    }

    private static async Task<RecipeDescriptor> ReadRecipeAsync(IFormCollection form, RecipeHarvester harvester)
    {
        if (form.Files.FirstOrDefault() is { } file)
        {
            if (file.Length > MaxRecipeBytes)
            {
                throw new RecipeFormatException($"The file is larger than {MaxRecipeBytes / 1024 / 1024} MB.", null, null);
            }

            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            return RecipeReader.Parse(await reader.ReadToEndAsync());
        }

        var name = form["name"].ToString();
        return harvester.Find(name)?.Recipe ?? throw new RecipeFormatException($"No recipe named '{name}'.", null, null);
    }

    private static object Available(RecipeHarvester harvester) =>
        harvester.List().Select(r => new { r.Recipe.Name, r.Recipe.DisplayName, r.Recipe.Description, File = Path.GetFileName(r.Path) }).ToList();
}
