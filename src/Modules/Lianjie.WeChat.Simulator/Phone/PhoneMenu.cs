using System.Text.Json.Nodes;
using Lianjie.WeChat.Simulator.Models;

namespace Lianjie.WeChat.Simulator.Phone;

/// <summary>A menu button as the phone shows it: tapping sends CLICK (with the key) or VIEW (with the url).</summary>
public sealed record PhoneMenuButton(string Name, string? Kind, string? Key, IReadOnlyList<PhoneMenuButton> Subs);

/// <summary>One customer-service message on the phone's chat.</summary>
public sealed record PhoneChatMessage(DateTime CreatedUtc, string MsgType, string Text);

/// <summary>Reads the platform's live menu and delivered messages into what the phone page renders.</summary>
public static class PhoneMenu
{
    public static IReadOnlyList<PhoneMenuButton> Buttons(JsonObject? menu) =>
        (menu?["button"] as JsonArray ?? []).OfType<JsonObject>().Select(Button).ToList();

    public static IReadOnlyList<PhoneChatMessage> Chat(IEnumerable<SimOutbound> delivered) =>
        delivered.Select(o =>
        {
            var body = JsonNode.Parse(o.Body) as JsonObject ?? [];
            var type = body["msgtype"]?.GetValue<string>() ?? "text";
            var text = type == "text" ? body["text"]?["content"]?.GetValue<string>() : body[type]?.ToJsonString();
            return new PhoneChatMessage(o.CreatedUtc, type, text ?? string.Empty);
        }).ToList();

    private static PhoneMenuButton Button(JsonObject button)
    {
        var subs = (button["sub_button"] as JsonArray ?? []).OfType<JsonObject>().Select(Button).ToList();
        var type = button["type"]?.GetValue<string>();
        // A mini program opens its fallback url on the phone, as old clients do: a VIEW.
        var (kind, key) = type switch
        {
            "click" => ("click", button["key"]?.GetValue<string>()),
            "view" or "miniprogram" => ("view", button["url"]?.GetValue<string>()),
            _ => ((string?)null, (string?)null),
        };
        return new PhoneMenuButton(button["name"]?.GetValue<string>() ?? string.Empty, subs.Count > 0 ? null : kind, key, subs);
    }
}
