using System.Text.Json.Nodes;
using Lianjie.Core.Recipes;
using Microsoft.Extensions.Configuration;

namespace Lianjie.Core.Tests.Recipes;

public class RecipeScriptEvaluatorTests
{
    private static RecipeScriptEvaluator Evaluator(string variablesJson = "{}", Dictionary<string, string>? parameters = null, string? basePath = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Site:Name"] = "from-config" }).Build();
        return new RecipeScriptEvaluator(JsonNode.Parse(variablesJson)!.AsObject(), parameters, configuration, basePath);
    }

    private static string? Eval(RecipeScriptEvaluator evaluator, string value) =>
        evaluator.Evaluate(JsonValue.Create(value))?.ToString();

    [Fact]
    public void Variables_are_evaluated_once_and_can_use_earlier_variables()
    {
        var evaluator = Evaluator("""{ "id": "[js:uuid()]", "label": "[js: 'item-' + variables('id')]" }""");

        var id = Eval(evaluator, "[js: variables('id')]");
        Assert.Equal(26, id!.Length);
        Assert.Equal(id, Eval(evaluator, "[js:variables('id')]"));
        Assert.Equal("item-" + id, Eval(evaluator, "[js: variables('label')]"));
    }

    [Fact]
    public void Parameters_configuration_and_base64()
    {
        var evaluator = Evaluator(parameters: new() { ["siteName"] = "诊所" });

        Assert.Equal("诊所", Eval(evaluator, "[js: parameters('siteName')]"));
        Assert.Equal("from-config", Eval(evaluator, "[js: configuration('Site:Name', 'fallback')]"));
        Assert.Equal("fallback", Eval(evaluator, "[js: configuration('Missing:Key', 'fallback')]"));
        Assert.Equal("你好", Eval(evaluator, "[js:base64('5L2g5aW9')]"));
    }

    [Fact]
    public void File_text_reads_relative_to_the_recipe_and_not_outside()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        File.WriteAllText(Path.Combine(folder, "body.html"), "<p>hello</p>");
        var evaluator = Evaluator(basePath: folder);

        Assert.Equal("<p>hello</p>", Eval(evaluator, "[file:text('body.html')]"));
        Assert.Throws<RecipeStepException>(() => Eval(evaluator, "[file:text('../../etc/passwd')]"));
    }

    [Theory]
    [InlineData("[1:2]")]
    [InlineData("[a b: c]")]
    [InlineData("[not closed: x")]
    [InlineData("plain text")]
    public void Bracketed_strings_without_a_letters_only_prefix_stay_literal(string value)
    {
        Assert.Equal(value, Eval(Evaluator(), value));
    }

    [Fact]
    public void An_unknown_letters_prefix_stays_literal_with_a_warning()
    {
        var evaluator = Evaluator();

        Assert.Equal("[liquid: x]", Eval(evaluator, "[liquid: x]"));
        Assert.Contains(evaluator.Warnings, w => w.Contains("liquid"));
    }

    [Fact]
    public void Script_errors_and_runaway_scripts_fail_the_step()
    {
        var evaluator = Evaluator();

        Assert.Throws<RecipeStepException>(() => Eval(evaluator, "[js: nosuchfunction()]"));
        var loop = Assert.Throws<RecipeStepException>(() => Eval(evaluator, "[js: (function(){ while(true){} })()]"));
        Assert.Contains("failed", loop.Message);
    }

    [Fact]
    public void Nested_objects_and_arrays_are_evaluated()
    {
        var evaluator = Evaluator("""{ "n": 3 }""");
        var step = JsonNode.Parse("""{ "name": "x", "list": [ "[js: variables('n') * 2]", { "deep": "[js: 'a' + 'b']" } ] }""");

        var result = evaluator.Evaluate(step)!;

        Assert.Equal(6, result["list"]![0]!.GetValue<double>());
        Assert.Equal("ab", result["list"]![1]!["deep"]!.GetValue<string>());
    }
}
