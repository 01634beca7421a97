using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Tests.Engine;

public sealed class WorkflowRecipeReaderTests
{
    internal static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "fixtures", "orchardcore");

    internal static IEnumerable<(string File, WorkflowType Type)> FixtureWorkflowTypes() =>
        Directory.EnumerateFiles(FixtureDirectory, "*.json", SearchOption.AllDirectories)
            .SelectMany(file => WorkflowRecipeReader.ReadRecipe(File.ReadAllText(file)).Select(type => (Path.GetFileName(file), type)));

    [Fact]
    public void Every_fixture_recipe_parses_and_workflow_types_are_found()
    {
        Assert.True(Directory.EnumerateFiles(FixtureDirectory, "*.json").Count() >= 5, "fixtures were not copied to the test output");

        var types = FixtureWorkflowTypes().ToList();

        Assert.NotEmpty(types);
        Assert.All(types, t =>
        {
            Assert.False(string.IsNullOrEmpty(t.Type.WorkflowTypeId));
            Assert.NotEmpty(t.Type.Activities);
            Assert.All(t.Type.Activities, a => Assert.NotNull(a.Properties));
        });
    }

    [Fact]
    public void Coming_soon_registration_workflow_is_read_with_orchard_shape()
    {
        var (_, type) = Assert.Single(FixtureWorkflowTypes(), t => t.File == "comingsoon.recipe.json");

        Assert.Equal("User Registration", type.Name);
        Assert.True(type.IsEnabled);
        Assert.True(type.DeleteFinishedWorkflows);
        Assert.Equal(11, type.Activities.Count);
        Assert.Equal(12, type.Transitions.Count);

        var start = Assert.Single(type.StartActivities);
        Assert.Equal("HttpRequestEvent", start.Name);
        Assert.Equal("POST", start.Properties["HttpMethod"]!.GetValue<string>());

        var fork = type.Activities.Single(a => a.Name == "ForkTask");
        Assert.Equal(660, fork.X);
        Assert.Equal(["Validate Email", "Validate ReCaptcha"], new ActivityContext(fork, []).GetStringList("Forks"));

        var script = type.Activities.Single(a => a.Name == "ScriptTask");
        Assert.Contains("setOutcome('Done')", new ActivityContext(script, []).GetExpression("Script"));
    }

    [Fact]
    public void Workflow_type_round_trips_through_a_recipe_step_in_pascal_case()
    {
        var original = new WorkflowBuilder("Round trip")
            .Start("start", "FollowerSubscribedEvent")
            .Set("set", "greeted", "true")
            .Connect("start", "Done", "set")
            .Singleton()
            .Build();

        var step = WorkflowRecipeReader.WriteStep([original]);
        var text = step.ToJsonString();

        Assert.Contains("\"WorkflowTypeId\"", text);
        Assert.Contains("\"SourceOutcomeName\":\"Done\"", text);
        Assert.Contains("\"IsSingleton\":true", text);

        var copy = Assert.Single(WorkflowRecipeReader.ReadStep(JsonNode.Parse(text)!));
        Assert.Equal(original.WorkflowTypeId, copy.WorkflowTypeId);
        Assert.True(copy.IsSingleton);
        Assert.Equal("greeted", copy.Activities[1].Properties["PropertyName"]!.GetValue<string>());
    }

    [Fact]
    public void Reading_is_case_insensitive_and_ignores_other_steps()
    {
        const string recipe = """
            {
              // comments are allowed in Orchard recipes
              "steps": [
                { "name": "feature", "enable": [] },
                { "name": "workflowtype", "data": [ { "workflowtypeid": "w1", "name": "lower", "activities": [ { "activityid": "a", "name": "TimerEvent", "isstart": true } ], } ] }
              ]
            }
            """;

        var type = Assert.Single(WorkflowRecipeReader.ReadRecipe(recipe));

        Assert.Equal("w1", type.WorkflowTypeId);
        Assert.True(type.Activities[0].IsStart);
        Assert.Empty(type.Transitions);
    }
}
