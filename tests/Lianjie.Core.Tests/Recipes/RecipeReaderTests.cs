using Lianjie.Core.Recipes;

namespace Lianjie.Core.Tests.Recipes;

public class RecipeReaderTests
{
    [Fact]
    public void Reads_comments_trailing_commas_and_any_case()
    {
        var recipe = RecipeReader.Parse("""
            {
              // a comment
              "Name": "demo",
              "IsSetupRecipe": true,
              "Steps": [
                { "Name": "Feature", "Enable": ["X",], },
              ],
            }
            """);

        Assert.Equal("demo", recipe.Name);
        Assert.True(recipe.IsSetupRecipe);
        var step = Assert.Single(recipe.Steps);
        Assert.Equal("Feature", RecipeReader.StepName(step));
        Assert.Equal("X", step["enable"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Malformed_json_reports_line_and_column()
    {
        var error = Assert.Throws<RecipeFormatException>(() => RecipeReader.Parse("{\n  \"name\": \"x\",\n  \"steps\": [ { \"name\": } ]\n}"));

        Assert.Equal(3, error.Line);
        Assert.True(error.Column > 1);
        Assert.Contains("line 3", error.Message);
    }

    [Fact]
    public void A_step_without_a_name_is_rejected_with_its_index()
    {
        var error = Assert.Throws<RecipeFormatException>(() => RecipeReader.Parse("""{ "steps": [ { "name": "a" }, { "enable": [] } ] }"""));

        Assert.Contains("Step 1", error.Message);
    }

    [Fact]
    public void Steps_must_be_an_array()
    {
        Assert.Throws<RecipeFormatException>(() => RecipeReader.Parse("""{ "steps": { } }"""));
        Assert.Throws<RecipeFormatException>(() => RecipeReader.Parse("[1, 2]"));
    }
}
