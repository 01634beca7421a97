using System.Text.Json.Nodes;
using Lianjie.Core.Settings;

namespace Lianjie.Core.Recipes;

/// <summary>The `settings` step: site name, time zone, culture; other properties are kept and reported.</summary>
internal sealed class SettingsStep(SiteSettingsStore store) : IRecipeStepHandler, IRecipeExportContributor
{
    public IReadOnlyCollection<string> StepNames => ["settings"];

    public int Order => -90;

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var settings = await store.GetAsync(cancellationToken);
        foreach (var (key, value) in context.Step)
        {
            switch (key.ToLowerInvariant())
            {
                case "name":
                    break;
                case "sitename":
                    settings.SiteName = value?.GetValue<string>() ?? settings.SiteName;
                    break;
                case "timezone" or "timezoneid":
                    var zone = value?.GetValue<string>() ?? settings.TimeZoneId;
                    if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                    {
                        throw new RecipeStepException($"Unknown time zone '{zone}'.");
                    }

                    settings.TimeZoneId = zone;
                    break;
                case "culture" or "defaultculture":
                    settings.Culture = value?.GetValue<string>() ?? settings.Culture;
                    break;
                default:
                    settings.Extra[key] = value?.DeepClone();
                    context.Warn($"setting '{key}' is kept but not used by Lianjie.");
                    break;
            }
        }

        await store.SaveAsync(settings, cancellationToken);
    }

    public async Task ContributeAsync(RecipeExportContext context, CancellationToken cancellationToken)
    {
        var settings = await store.GetAsync(cancellationToken);
        var step = new JsonObject
        {
            ["name"] = "settings",
            ["SiteName"] = settings.SiteName,
            ["TimeZoneId"] = settings.TimeZoneId,
            ["Culture"] = settings.Culture,
        };
        foreach (var (key, value) in settings.Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            step[key] = value?.DeepClone();
        }

        context.Steps.Add(step);
    }
}
