using System.Text.Json.Nodes;
using Lianjie.WeChat.Menus;

namespace Lianjie.WeChat.Tests.Menus;

public class MenuValidatorTests
{
    private static JsonObject Menu(params JsonObject[] buttons) => new() { ["button"] = new JsonArray(buttons) };

    private static JsonObject Click(string name, string key = "K") => new() { ["type"] = "click", ["name"] = name, ["key"] = key };

    [Fact]
    public void A_valid_menu_with_all_three_types_passes()
    {
        var menu = Menu(
            Click("讲座"),
            new JsonObject { ["type"] = "view", ["name"] = "文章", ["url"] = "https://example.com/a" },
            new JsonObject
            {
                ["name"] = "我的",
                ["sub_button"] = new JsonArray(
                    new JsonObject { ["type"] = "miniprogram", ["name"] = "小程序", ["url"] = "https://example.com", ["appid"] = "wxmini", ["pagepath"] = "pages/index" },
                    Click("我的报名", "MY_REG")),
            });

        Assert.Empty(WeChatMenuValidator.Validate(menu));
    }

    [Fact]
    public void A_fourth_top_level_button_is_refused_with_40016()
    {
        var issue = Assert.Single(WeChatMenuValidator.Validate(Menu(Click("a"), Click("b"), Click("c"), Click("d"))));
        Assert.Equal(("menu", 40016), (issue.Field, issue.Code));
    }

    [Fact]
    public void Names_keys_and_urls_are_measured_in_utf8_bytes_per_field()
    {
        var subs = new JsonArray(
            Click(new string('长', 21)), // 63 bytes > 60
            new JsonObject { ["type"] = "view", ["name"] = "ok", ["url"] = "ftp://example.com" },
            new JsonObject { ["type"] = "scancode_push", ["name"] = "scan" });
        var issues = WeChatMenuValidator.Validate(Menu(
            Click("健康讲座与科普"), // 6 Chinese characters = 18 bytes > 16
            Click("ok", new string('k', 129)),
            new JsonObject { ["name"] = "subs", ["sub_button"] = subs }));

        Assert.Contains(issues, i => i is { Field: "b0.name", Code: 40018 });
        Assert.Contains(issues, i => i is { Field: "b1.key", Code: 40019 });
        Assert.Contains(issues, i => i is { Field: "b2.s0.name", Code: 40025 });
        Assert.Contains(issues, i => i is { Field: "b2.s1.url", Code: 40054 });
        Assert.Contains(issues, i => i is { Field: "b2.s2.type", Code: 40024 });
        Assert.Equal(5, issues.Count);
        // 5 Chinese characters (15 bytes) still fit a top-level name.
        Assert.Empty(WeChatMenuValidator.Validate(Menu(Click("健康讲座科"))));
    }

    [Fact]
    public void Six_sub_buttons_are_refused_with_40023()
    {
        var subs = new JsonArray(Enumerable.Range(1, 6).Select(i => (JsonNode)Click("s" + i)).ToArray());
        var issue = Assert.Single(WeChatMenuValidator.Validate(Menu(new JsonObject { ["name"] = "多", ["sub_button"] = subs })));
        Assert.Equal(("b0.subs", 40023), (issue.Field, issue.Code));
    }
}
