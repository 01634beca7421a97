using System.Text.Json.Nodes;
using Lianjie.Contents.Items;

namespace Lianjie.Contents.Tests.Items;

public class ContentItemTests
{
    [Fact]
    public void Typed_part_accessors_read_Orchard_json()
    {
        var item = ContentItem.Parse("""
            { "ContentItemId": "4x", "ContentType": "Article", "DisplayText": "Fatty liver",
              "Latest": true, "Published": false, "CreatedUtc": "2024-05-01T08:00:00Z",
              "TitlePart": { "Title": "Fatty liver" },
              "HtmlBodyPart": { "Html": "<p>Eat less sugar</p>" },
              "MarkdownBodyPart": { "Markdown": "# Hi" },
              "AutoroutePart": { "Path": "fatty-liver" },
              "InterestTagsPart": { "Tags": ["肝病", "饮食"] },
              "PublishLaterPart": { "ScheduledPublishUtc": "2024-06-01T00:00:00Z" },
              "Article": { "Subtitle": { "Text": "A guide" }, "Minutes": { "Value": 5 },
                           "Featured": { "Value": true }, "Day": { "Value": "2024-05-02T00:00:00Z" },
                           "Cover": { "Paths": ["a.jpg", "b.jpg"] } } }
            """);

        Assert.Equal("4x", item.ContentItemId);
        Assert.Equal("Article", item.ContentType);
        Assert.True(item.Latest);
        Assert.False(item.Published);
        Assert.Equal(new DateTime(2024, 5, 1, 8, 0, 0, DateTimeKind.Utc), item.CreatedUtc);
        Assert.Equal(DateTimeKind.Utc, item.CreatedUtc!.Value.Kind);
        Assert.Equal("Fatty liver", item.Title);
        Assert.Equal("<p>Eat less sugar</p>", item.HtmlBody);
        Assert.Equal("# Hi", item.MarkdownBody);
        Assert.Equal("fatty-liver", item.AutoroutePath);
        Assert.Equal(["肝病", "饮食"], item.InterestTags);
        Assert.Equal(new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc), item.ScheduledPublishUtc);
        Assert.Equal("A guide", item.GetTextField("Article", "Subtitle"));
        Assert.Equal(5m, item.GetNumericField("Article", "Minutes"));
        Assert.True(item.GetBooleanField("Article", "Featured"));
        Assert.Equal(new DateTime(2024, 5, 2, 0, 0, 0, DateTimeKind.Utc), item.GetDateField("Article", "Day"));
        Assert.Equal(["a.jpg", "b.jpg"], item.GetStringListField("Article", "Cover", "Paths"));
        Assert.Equal("A guide", item.GetFieldValue("Article", "Subtitle", "TextField")!.GetValue<string>());
        Assert.Null(item.GetFieldValue("Article", "Subtitle", "TaxonomyField"));
    }

    [Fact]
    public void Setters_write_Orchard_json_and_keep_everything_else()
    {
        var item = ContentItem.Parse("""{ "ContentType": "Article", "TaxonomyPart": { "Terms": [1, 2] }, "contentitemid": "x" }""");

        item.Title = "脂肪肝饮食";
        item.HtmlBody = "<p>x</p>";
        item.InterestTags = [" 肝病 ", "饮食", "肝病", ""];
        item.SetTextField("Article", "Subtitle", "副标题");
        item.ModifiedUtc = new DateTime(2024, 5, 1, 8, 0, 0, DateTimeKind.Utc);
        item.ContentItemId = "y";

        var json = item.ToJson();
        Assert.Equal("脂肪肝饮食", json["TitlePart"]!["Title"]!.GetValue<string>());
        Assert.Equal("脂肪肝饮食", item.DisplayText);
        Assert.Equal("<p>x</p>", json["HtmlBodyPart"]!["Html"]!.GetValue<string>());
        Assert.Equal(["肝病", "饮食"], json["InterestTagsPart"]!["Tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("副标题", json["Article"]!["Subtitle"]!["Text"]!.GetValue<string>());
        Assert.Equal("2024-05-01T08:00:00Z", json["ModifiedUtc"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "Terms": [1, 2] }"""), json["TaxonomyPart"]));
        // The existing (lowercase) key is reused instead of adding a second id.
        Assert.Equal("y", json["contentitemid"]!.GetValue<string>());
        Assert.False(json.ContainsKey("ContentItemId"));
    }

    [Fact]
    public void Clone_is_independent()
    {
        var item = new ContentItem { ContentType = "Article", Title = "a" };

        var clone = item.Clone();
        clone.Title = "b";

        Assert.Equal("a", item.Title);
        Assert.Equal("b", clone.Title);
    }

    [Fact]
    public void Part_names_exclude_metadata_and_include_unknown_parts()
    {
        var item = ContentItem.Parse("""{ "ContentItemId": "1", "ContentType": "Menu", "MenuPart": {}, "AliasPart": { "Alias": "main" }, "Latest": true }""");

        Assert.Equal(["MenuPart", "AliasPart"], item.PartNames);
        Assert.True(item.RemovePart("MenuPart"));
        Assert.False(item.HasPart("MenuPart"));
    }
}
