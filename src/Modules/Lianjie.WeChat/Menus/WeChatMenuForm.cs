using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Lianjie.WeChat.Menus;

/// <summary>One button slot of the editor, with the error (if any) beside each field.</summary>
public sealed class WeChatMenuSlot
{
    public string Field { get; init; } = string.Empty;
    public string? Name { get; init; }
    public string Type { get; init; } = "click";
    public string? Key { get; init; }
    public string? Url { get; init; }
    public string? AppId { get; init; }
    public string? PagePath { get; init; }
    public List<WeChatMenuSlot> Subs { get; init; } = [];
    public string? NameError { get; set; }
    public string? TypeError { get; set; }
    public string? KeyError { get; set; }
    public string? UrlError { get; set; }
    public string? AppIdError { get; set; }
    public string? PagePathError { get; set; }
    public string? SubsError { get; set; }
}

/// <summary>
/// The editor's server-rendered form: 3 top-level slots of 5 sub-slots, fields named "b0.name",
/// "b0.s1.url"… Empty slots are dropped; re-rendering from the resulting JSON keeps error paths
/// (JSON indexes) and slots in step. An optional "json" field takes WeChat's JSON as is.
/// </summary>
public static class WeChatMenuForm
{
    public static JsonObject Parse(IFormCollection form)
    {
        if (form["json"].ToString() is { Length: > 0 } raw && !string.IsNullOrWhiteSpace(raw))
        {
            try
            {
                return JsonNode.Parse(raw) as JsonObject ?? throw new WeChatMenuInvalidException([new("menu", 47001, "The JSON must be an object like {\"button\": [...]}.")]);
            }
            catch (JsonException)
            {
                throw new WeChatMenuInvalidException([new("menu", 47001, "The JSON must be an object like {\"button\": [...]}.")]);
            }
        }

        var buttons = new JsonArray();
        for (var i = 0; i < WeChatMenuValidator.MaxButtons; i++)
        {
            var subs = new JsonArray();
            for (var j = 0; j < WeChatMenuValidator.MaxSubButtons; j++)
            {
                if (Button(form, $"b{i}.s{j}") is { } sub)
                {
                    subs.Add(sub);
                }
            }

            if (subs.Count > 0)
            {
                buttons.Add(new JsonObject { ["name"] = Value(form, $"b{i}.name") ?? string.Empty, ["sub_button"] = subs });
            }
            else if (Button(form, $"b{i}") is { } button)
            {
                buttons.Add(button);
            }
        }

        return new JsonObject { ["button"] = buttons };
    }

    /// <summary>Slots for the editor (always 3 × 5), filled from the menu, with the issues beside their fields.</summary>
    public static List<WeChatMenuSlot> Slots(JsonObject? menu, IReadOnlyList<WeChatMenuIssue> issues, Func<string, string> translate)
    {
        var buttons = menu?["button"] as JsonArray ?? [];
        var slots = new List<WeChatMenuSlot>();
        for (var i = 0; i < WeChatMenuValidator.MaxButtons; i++)
        {
            var button = i < buttons.Count ? buttons[i] as JsonObject : null;
            var subButtons = button?["sub_button"] as JsonArray ?? [];
            var subs = new List<WeChatMenuSlot>();
            for (var j = 0; j < WeChatMenuValidator.MaxSubButtons; j++)
            {
                subs.Add(Slot($"b{i}.s{j}", j < subButtons.Count ? subButtons[j] as JsonObject : null, [], issues, translate));
            }

            slots.Add(Slot($"b{i}", button, subs, issues, translate));
        }

        return slots;
    }

    private static WeChatMenuSlot Slot(string field, JsonObject? button, List<WeChatMenuSlot> subs, IReadOnlyList<WeChatMenuIssue> issues, Func<string, string> translate)
    {
        string? Error(string name) => issues.FirstOrDefault(i => i.Field == $"{field}.{name}") is { } issue ? $"{translate(issue.Message)} ({issue.Code})" : null;
        string? Text(string name) => button?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

        return new WeChatMenuSlot
        {
            Field = field,
            Name = Text("name"),
            Type = Text("type") ?? "click",
            Key = Text("key"),
            Url = Text("url"),
            AppId = Text("appid"),
            PagePath = Text("pagepath"),
            Subs = subs,
            NameError = Error("name"),
            TypeError = Error("type"),
            KeyError = Error("key"),
            UrlError = Error("url"),
            AppIdError = Error("appid"),
            PagePathError = Error("pagepath"),
            SubsError = Error("subs"),
        };
    }

    /// <summary>A leaf button from its fields, or null when the slot is empty (the type select alone does not count).</summary>
    private static JsonObject? Button(IFormCollection form, string field)
    {
        var name = Value(form, field + ".name");
        var key = Value(form, field + ".key");
        var url = Value(form, field + ".url");
        var appId = Value(form, field + ".appid");
        var pagePath = Value(form, field + ".pagepath");
        if (name is null && key is null && url is null && appId is null && pagePath is null)
        {
            return null;
        }

        var type = Value(form, field + ".type") ?? "click";
        var button = new JsonObject { ["type"] = type, ["name"] = name ?? string.Empty };
        switch (type)
        {
            case "click":
                button["key"] = key ?? string.Empty;
                break;
            case "view":
                button["url"] = url ?? string.Empty;
                break;
            case "miniprogram":
                button["url"] = url ?? string.Empty;
                button["appid"] = appId ?? string.Empty;
                button["pagepath"] = pagePath ?? string.Empty;
                break;
        }

        return button;
    }

    private static string? Value(IFormCollection form, string name) =>
        string.IsNullOrWhiteSpace(form[name]) ? null : form[name].ToString().Trim();
}
