using System.Text;
using System.Text.Json.Nodes;

namespace Lianjie.WeChat.Menus;

/// <summary>One thing wrong with a menu: the form field it belongs to ("b0.s2.url"), WeChat's errcode and an explanation.</summary>
public sealed record WeChatMenuIssue(string Field, int Code, string Message);

/// <summary>
/// WeChat's rules for /cgi-bin/menu/create, in one place: the admin editor, the recipe step and the
/// simulator all check a menu here. 1..3 buttons, 1..5 sub-buttons, names ≤16 bytes (sub ≤60),
/// key ≤128 bytes, url ≤1024 bytes; click needs a key, view a url, miniprogram appid + pagepath +
/// a fallback url. Field paths match the editor's form names so errors show beside their field.
/// </summary>
public static class WeChatMenuValidator
{
    public const int MaxButtons = 3;
    public const int MaxSubButtons = 5;
    public const int MaxNameBytes = 16;
    public const int MaxSubNameBytes = 60;
    public const int MaxKeyBytes = 128;
    public const int MaxUrlBytes = 1024;

    public static readonly IReadOnlyList<string> ButtonTypes = ["click", "view", "miniprogram"];

    public static IReadOnlyList<WeChatMenuIssue> Validate(JsonObject menu)
    {
        var issues = new List<WeChatMenuIssue>();
        if (menu["button"] is not JsonArray buttons || buttons.Count is 0 or > MaxButtons)
        {
            issues.Add(new("menu", 40016, "A menu has 1 to 3 top-level buttons."));
            return issues;
        }

        for (var i = 0; i < buttons.Count; i++)
        {
            var field = $"b{i}";
            if (buttons[i] is not JsonObject button)
            {
                issues.Add(new(field, 40017, "This button is not an object."));
                continue;
            }

            if (!InRange(Text(button, "name"), 1, MaxNameBytes))
            {
                issues.Add(new(field + ".name", 40018, "A top-level name needs 1 to 16 bytes (5 Chinese characters)."));
            }

            if (button["sub_button"] is JsonArray subs && (subs.Count > 0 || button["type"] is null))
            {
                if (subs.Count is 0 or > MaxSubButtons)
                {
                    issues.Add(new(field + ".subs", 40023, "A sub-menu has 1 to 5 buttons."));
                    continue;
                }

                for (var j = 0; j < subs.Count; j++)
                {
                    var subField = $"{field}.s{j}";
                    if (subs[j] is not JsonObject sub)
                    {
                        issues.Add(new(subField, 40024, "This button is not an object."));
                        continue;
                    }

                    if (!InRange(Text(sub, "name"), 1, MaxSubNameBytes))
                    {
                        issues.Add(new(subField + ".name", 40025, "A sub-button name needs 1 to 60 bytes (20 Chinese characters)."));
                    }

                    CheckAction(sub, subField, isSub: true, issues);
                }
            }
            else
            {
                CheckAction(button, field, isSub: false, issues);
            }
        }

        return issues;
    }

    private static void CheckAction(JsonObject button, string field, bool isSub, List<WeChatMenuIssue> issues)
    {
        var type = Text(button, "type");
        switch (type)
        {
            case "click":
                if (!InRange(Text(button, "key"), 1, MaxKeyBytes))
                {
                    issues.Add(new(field + ".key", isSub ? 40026 : 40019, "A click button needs a key of 1 to 128 bytes."));
                }

                break;
            case "view":
                CheckUrl(button, field, isSub, issues);
                break;
            case "miniprogram":
                if (string.IsNullOrWhiteSpace(Text(button, "appid")) || Text(button, "appid")!.Length > 64)
                {
                    issues.Add(new(field + ".appid", 40013, "A mini program button needs the mini program's AppId."));
                }

                if (!InRange(Text(button, "pagepath"), 1, MaxUrlBytes))
                {
                    issues.Add(new(field + ".pagepath", 40165, "A mini program button needs its page path."));
                }

                // Old clients that cannot open mini programs open this url instead.
                CheckUrl(button, field, isSub, issues);
                break;
            default:
                issues.Add(new(field + ".type", isSub ? 40024 : 40017, "Choose a button type: click, view or miniprogram."));
                break;
        }
    }

    private static void CheckUrl(JsonObject button, string field, bool isSub, List<WeChatMenuIssue> issues)
    {
        var url = Text(button, "url");
        if (!InRange(url, 1, MaxUrlBytes))
        {
            issues.Add(new(field + ".url", isSub ? 40027 : 40020, "A URL needs 1 to 1024 bytes."));
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            issues.Add(new(field + ".url", isSub ? 40054 : 40055, "The URL must start with http:// or https://."));
        }
    }

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool InRange(string? text, int min, int maxBytes) =>
        text is not null && text.Trim().Length >= min && Encoding.UTF8.GetByteCount(text) <= maxBytes;
}
