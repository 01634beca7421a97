using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lianjie.Contents.Definitions;
using Lianjie.Contents.Services;
using Lianjie.Contents.Tracking;
using Lianjie.Core.Audit;
using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Contents.Admin;

/// <summary>/admin/content-types: create types, attach and order parts, add fields to the type's own part, settings.</summary>
internal static partial class ContentTypeEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/admin/content-types").RequirePermission(ContentsPermissions.ManageContentTypes).ExcludeFromDescription();
        group.MapGet("/", async (PageRenderer pages, ContentDefinitionStore store, string? error) =>
        {
            var set = await store.LoadAsync();
            return await pages.AdminAsync("Content types", "ContentTypes.Index", new
            {
                Types = set.Types.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new { t.Name, DisplayName = t.DisplayName ?? t.Name, Parts = string.Join(", ", t.OrderedParts.Select(p => p.Name)) }).ToList(),
                Error = error,
            });
        });
        group.MapPost("/", async (HttpContext http, ContentDefinitionStore store, AuditLog audit) =>
        {
            var form = await http.Request.ReadFormAsync();
            var name = form["name"].ToString().Trim();
            var set = await store.LoadAsync();
            if (!TechnicalName().IsMatch(name) || set.GetTypeDefinition(name) is not null)
            {
                return Results.Redirect("/admin/content-types?error=name");
            }

            var type = new ContentTypeDefinition(name) { DisplayName = NullIfEmpty(form["displayName"]) ?? name };
            type.TypeSettings.Creatable = type.TypeSettings.Listable = type.TypeSettings.Draftable = type.TypeSettings.Versionable = true;
            set.AlterType(type);
            AttachPart(set, name, KnownPartNames.TitlePart);
            await SaveAsync(store, audit, set, "content-type.create", name);
            return Results.Redirect($"/admin/content-types/{name}");
        });
        group.MapGet("/{name}", EditAsync);
        group.MapPost("/{name}", SaveTypeAsync);
        group.MapPost("/{name}/delete", (ContentDefinitionStore store, AuditLog audit, string name) =>
            ChangeAsync(store, audit, "content-type.delete", name, set => set.RemoveType(name), "/admin/content-types"));
        group.MapPost("/{name}/parts", async (HttpContext http, ContentDefinitionStore store, AuditLog audit, string name) =>
        {
            var part = (await http.Request.ReadFormAsync())["part"].ToString().Trim();
            return await ChangeAsync(store, audit, "content-type.add-part", $"{name}/{part}", set => TechnicalName().IsMatch(part) && AttachPart(set, name, part));
        });
        group.MapPost("/{name}/parts/{part}/remove", (ContentDefinitionStore store, AuditLog audit, string name, string part) =>
            ChangeAsync(store, audit, "content-type.remove-part", $"{name}/{part}", set => set.RemovePartFromType(name, part)));
        group.MapPost("/{name}/fields", async (HttpContext http, ContentDefinitionStore store, AuditLog audit, string name) =>
        {
            var form = await http.Request.ReadFormAsync();
            var field = form["field"].ToString().Trim();
            var fieldType = form["fieldType"].ToString();
            return await ChangeAsync(store, audit, "content-type.add-field", $"{name}/{field}", set => AddField(set, name, field, fieldType, NullIfEmpty(form["displayName"]), form.ContainsKey("required")));
        });
        group.MapPost("/{name}/fields/{field}/remove", (ContentDefinitionStore store, AuditLog audit, string name, string field) =>
            ChangeAsync(store, audit, "content-type.remove-field", $"{name}/{field}", set => set.RemoveField(name, field)));
    }

    private static async Task<IResult> EditAsync(PageRenderer pages, ContentDefinitionStore store, string name)
    {
        var set = await store.LoadAsync();
        if (set.GetTypeDefinition(name) is not { } type)
        {
            return Results.NotFound();
        }

        var tracking = ContentTrackingSettings.For(type);
        return await pages.AdminAsync("Edit content type", "ContentTypes.Edit", new
        {
            type.Name,
            DisplayName = type.DisplayName ?? type.Name,
            Flags = new[]
            {
                new { Name = "creatable", Label = "Creatable", Checked = type.TypeSettings.Creatable },
                new { Name = "listable", Label = "Listable", Checked = type.TypeSettings.Listable },
                new { Name = "draftable", Label = "Draftable", Checked = type.TypeSettings.Draftable },
                new { Name = "versionable", Label = "Versionable", Checked = type.TypeSettings.Versionable },
                new { Name = "securable", Label = "Securable", Checked = type.TypeSettings.Securable },
            },
            tracking.ReadSeconds,
            tracking.ReadScrollPercent,
            tracking.FollowWindowHours,
            Parts = type.OrderedParts.Select((p, i) => new { p.Name, p.PartName, Position = i, Known = p.IsKnownPart || p.Name == type.Name }).ToList(),
            Fields = (set.GetPartDefinition(type.Name)?.OrderedFields ?? []).Select((f, i) => new { f.Name, f.FieldName, DisplayName = f.FieldSettings.DisplayName ?? f.Name, f.FieldSettings.Required, Position = i }).ToList(),
            AvailableParts = KnownPartNames.All.Where(p => !type.Parts.Any(tp => tp.PartName == p)).Order(StringComparer.Ordinal).ToList(),
            FieldTypes = KnownFieldNames.All.Order(StringComparer.Ordinal).ToList(),
        });
    }

    /// <summary>Display name, type flags, read-tracking thresholds, and the order of parts and fields.</summary>
    private static async Task<IResult> SaveTypeAsync(HttpContext http, ContentDefinitionStore store, AuditLog audit, string name)
    {
        var form = await http.Request.ReadFormAsync();
        return await ChangeAsync(store, audit, "content-type.save", name, set =>
        {
            if (set.GetTypeDefinition(name) is not { } type)
            {
                return false;
            }

            type.DisplayName = NullIfEmpty(form["displayName"]) ?? type.DisplayName;
            var settings = type.TypeSettings;
            settings.Creatable = form.ContainsKey("creatable");
            settings.Listable = form.ContainsKey("listable");
            settings.Draftable = form.ContainsKey("draftable");
            settings.Versionable = form.ContainsKey("versionable");
            settings.Securable = form.ContainsKey("securable");
            type.Settings[ContentTrackingSettings.SectionName] = new JsonObject
            {
                ["ReadSeconds"] = Number(form["readSeconds"], ContentTrackingSettings.Default.ReadSeconds),
                ["ReadScrollPercent"] = Number(form["readScrollPercent"], ContentTrackingSettings.Default.ReadScrollPercent),
                ["FollowWindowHours"] = Number(form["followWindowHours"], ContentTrackingSettings.Default.FollowWindowHours),
            };
            set.ReorderParts(name, Ordered(type.Parts.Select(p => p.Name), p => form[$"partPosition.{p}"]));
            if (set.GetPartDefinition(name) is { } own)
            {
                set.ReorderFields(name, Ordered(own.Fields.Select(f => f.Name), f => form[$"fieldPosition.{f}"]));
            }

            return true;
        });
    }

    private static bool AttachPart(ContentDefinitionSet set, string typeName, string partName)
    {
        if (set.GetTypeDefinition(typeName) is not { } type || type.HasPart(partName))
        {
            return false;
        }

        var part = new ContentTypePartDefinition(partName, partName);
        part.PartSettings.Position = type.Parts.Count;
        type.Parts.Add(part);
        return true;
    }

    /// <summary>Fields live on the type's own part (named like the type), as Orchard's editor does.</summary>
    private static bool AddField(ContentDefinitionSet set, string typeName, string fieldName, string fieldType, string? displayName, bool required)
    {
        if (!TechnicalName().IsMatch(fieldName) || !KnownFieldNames.IsKnown(fieldType) || set.GetTypeDefinition(typeName) is null)
        {
            return false;
        }

        var own = set.GetPartDefinition(typeName) ?? set.AlterPart(new ContentPartDefinition(typeName));
        if (own.GetField(fieldName) is not null)
        {
            return false;
        }

        AttachPart(set, typeName, typeName);
        var field = new ContentPartFieldDefinition(fieldName, fieldType);
        field.FieldSettings.DisplayName = displayName ?? fieldName;
        field.FieldSettings.Position = own.Fields.Count;
        if (required)
        {
            field.FieldSettings.Required = true;
        }

        own.Fields.Add(field);
        return true;
    }

    private static async Task<IResult> ChangeAsync(ContentDefinitionStore store, AuditLog audit, string action, string target, Func<ContentDefinitionSet, bool> change, string? redirect = null)
    {
        var set = await store.LoadAsync();
        var typeName = target.Split('/')[0];
        if (!change(set))
        {
            return Results.Redirect($"/admin/content-types/{Uri.EscapeDataString(typeName)}?error=1");
        }

        await SaveAsync(store, audit, set, action, target);
        return Results.Redirect(redirect ?? $"/admin/content-types/{Uri.EscapeDataString(typeName)}");
    }

    private static async Task SaveAsync(ContentDefinitionStore store, AuditLog audit, ContentDefinitionSet set, string action, string target)
    {
        await store.SaveAsync(set);
        await audit.RecordAsync(action, target);
    }

    private static IEnumerable<string> Ordered(IEnumerable<string> names, Func<string, string?> position) =>
        names.Select((n, i) => (n, p: int.TryParse(position(n), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : i)).OrderBy(x => x.p).Select(x => x.n).ToList();

    private static int Number(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,99}$")]
    private static partial Regex TechnicalName();
}
