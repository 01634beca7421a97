using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;
using Lianjie.Contents.Items;
using Lianjie.Contents.Parts;
using Lianjie.Contents.Tests.Definitions;

namespace Lianjie.Contents.Tests.Parts;

public class ContentItemValidatorTests
{
    private static readonly ContentDefinitionSet Definitions = ContentDefinitionSet.FromJson(RecipeJson.ParseObject("""
        { "ContentTypes": [ { "Name": "Event", "DisplayName": "活动", "Settings": {},
            "ContentTypePartDefinitionRecords": [
              { "PartName": "TitlePart", "Name": "TitlePart", "Settings": { "TitlePartSettings": { "Options": "EditableRequired" } } },
              { "PartName": "AutoroutePart", "Name": "AutoroutePart", "Settings": {} },
              { "PartName": "InterestTagsPart", "Name": "InterestTagsPart", "Settings": {} },
              { "PartName": "Event", "Name": "Event", "Settings": {} } ] } ],
          "ContentParts": [ { "Name": "Event", "Settings": {}, "ContentPartFieldDefinitionRecords": [
            { "FieldName": "TextField", "Name": "Venue", "Settings": { "ContentPartFieldSettings": { "DisplayName": "地点" }, "TextFieldSettings": { "Required": true } } },
            { "FieldName": "NumericField", "Name": "Seats", "Settings": { "NumericFieldSettings": { "Minimum": 1, "Maximum": 500, "Scale": 0 } } },
            { "FieldName": "LinkField", "Name": "SignUp", "Settings": {} },
            { "FieldName": "DateField", "Name": "Day", "Settings": {} },
            { "FieldName": "BooleanField", "Name": "Free", "Settings": {} },
            { "FieldName": "MediaField", "Name": "Poster", "Settings": { "MediaFieldSettings": { "Multiple": false } } },
            { "FieldName": "TaxonomyField", "Name": "Category", "Settings": { "TaxonomyFieldSettings": { "Required": true } } } ] } ] }
        """));

    private readonly ContentItemValidator _validator = new();

    [Fact]
    public void A_well_formed_item_has_no_errors()
    {
        var errors = _validator.Validate(ValidEvent(), Definitions);

        Assert.Empty(errors);
    }

    [Fact]
    public void Missing_required_field_is_reported_with_its_display_name()
    {
        var item = ValidEvent();
        item.SetTextField("Event", "Venue", "   ");

        var error = Assert.Single(_validator.Validate(item, Definitions));

        Assert.Equal(new ContentValidationError("Event", "Venue", "地点 is required."), error);
    }

    [Fact]
    public void Required_title_is_enforced_from_title_part_settings()
    {
        var item = ValidEvent();
        item.RemovePart("TitlePart");

        var error = Assert.Single(_validator.Validate(item, Definitions));

        Assert.Equal(("TitlePart", ""), (error.Part, error.Field));
    }

    [Theory]
    [InlineData(0, "Seats must be at least 1.")]
    [InlineData(501, "Seats must be at most 500.")]
    [InlineData(2.5, "Seats allows at most 0 decimal places.")]
    public void Numbers_outside_the_settings_are_reported(double seats, string message)
    {
        var item = ValidEvent();
        item.SetFieldProperty("Event", "Seats", "Value", seats);

        var error = Assert.Single(_validator.Validate(item, Definitions));

        Assert.Equal(new ContentValidationError("Event", "Seats", message), error);
    }

    [Fact]
    public void Non_numbers_are_reported()
    {
        var item = ValidEvent();
        item.SetFieldProperty("Event", "Seats", "Value", "lots");

        Assert.Equal("Seats must be a number.", Assert.Single(_validator.Validate(item, Definitions)).Message);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://example.com/x")]
    [InlineData("/relative/path")]
    public void Links_must_be_http_or_https(string url)
    {
        var item = ValidEvent();
        item.SetFieldProperty("Event", "SignUp", "Url", url);

        var error = Assert.Single(_validator.Validate(item, Definitions));

        Assert.Equal(("Event", "SignUp"), (error.Part, error.Field));
    }

    [Fact]
    public void Dates_must_parse()
    {
        var item = ValidEvent();
        item.SetFieldProperty("Event", "Day", "Value", "next tuesday");

        Assert.Equal("Day must be a valid date.", Assert.Single(_validator.Validate(item, Definitions)).Message);
    }

    [Fact]
    public void Single_media_field_rejects_two_paths_and_booleans_must_be_booleans()
    {
        var item = ValidEvent();
        item.SetFieldProperty("Event", "Poster", "Paths", new JsonArray("a.jpg", "b.jpg"));
        item.SetFieldProperty("Event", "Free", "Value", "yes");

        var errors = _validator.Validate(item, Definitions);

        Assert.Equal(["Free", "Poster"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Bad_autoroute_path_and_interest_tags_are_reported()
    {
        var item = ValidEvent();
        item.AutoroutePath = "/has space";
        item.GetOrAddPart("InterestTagsPart")["Tags"] = new JsonArray("肝病", "");

        var errors = _validator.Validate(item, Definitions);

        Assert.Equal(["AutoroutePart", "InterestTagsPart"], errors.Select(e => e.Part));
    }

    [Fact]
    public void Unknown_content_type_is_reported()
    {
        var error = Assert.Single(_validator.Validate(new ContentItem { ContentType = "Nope" }, Definitions));

        Assert.Contains("Nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_text_field_from_the_blog_fixture_is_enforced()
    {
        var item = new ContentItem { ContentType = "Category", Title = "Travel" };

        var error = Assert.Single(_validator.Validate(item, ContentDefinitionSetTests.BlogSet()));

        Assert.Equal(("Category", "Icon"), (error.Part, error.Field));
    }

    private static ContentItem ValidEvent()
    {
        var item = new ContentItem { ContentType = "Event", Title = "肝病讲座", AutoroutePath = "events/肝病讲座" };
        item.InterestTags = ["肝病"];
        item.SetTextField("Event", "Venue", "社区中心");
        item.SetFieldProperty("Event", "Seats", "Value", 120);
        item.SetFieldProperty("Event", "SignUp", "Url", "https://example.com/signup");
        item.SetFieldProperty("Event", "Day", "Value", "2024-06-01T00:00:00Z");
        item.SetFieldProperty("Event", "Free", "Value", true);
        item.SetFieldProperty("Event", "Poster", "Paths", new JsonArray("poster.jpg"));
        return item;
    }
}
