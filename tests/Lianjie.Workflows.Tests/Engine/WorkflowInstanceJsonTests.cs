using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Tests.Engine;

public sealed class WorkflowInstanceJsonTests
{
    [Fact]
    public void Generated_writer_writes_the_same_text_as_the_shared_options()
    {
        var now = new DateTimeOffset(2026, 11, 24, 8, 30, 15, 123, TimeSpan.Zero);
        var instance = new WorkflowInstance
        {
            WorkflowId = "w1",
            WorkflowTypeId = "t1",
            Status = WorkflowStatus.Halted,
            CorrelationId = "42",
            FaultMessage = "引号 \" and <tags>",
            CreatedUtc = now,
            UpdatedUtc = now.AddSeconds(1),
            State = new WorkflowState
            {
                Input = JsonStrings.Decode(JsonNode.Parse("""{ "followerId": 42, "payload": { "interestTags": ["肝病"], "amount": 12.50, "ok": true, "none": null } }""")!.AsObject()),
                Properties = new JsonObject { ["count"] = 3 },
                LastResult = "Done",
                ActivityStates = new() { ["points"] = new JsonObject { ["runs"] = 1 } },
            },
            BlockingActivities = [new BlockingActivity { ActivityId = "wait", Name = "WaitForEventTask", IsEvent = true, DueUtc = now.AddDays(1) }],
            ExecutionLog = [new ExecutionLogEntry { ActivityId = "when", ActivityName = "ArticleReadEvent", Result = ActivityResultKind.Outcomes, Outcomes = ["Done"], ExecutedUtc = now }],
        };

        var text = WorkflowInstanceJson.Serialize(instance);

        Assert.Equal(WorkflowJson.Serialize(instance), text);
        Assert.Contains("\"Status\":\"Halted\"", text, StringComparison.Ordinal);
        Assert.Equal("w1", WorkflowJson.Deserialize<WorkflowInstance>(text).WorkflowId);
    }

    [Fact]
    public void Decoding_strings_keeps_values_and_text()
    {
        const string json = """{ "a": "x\u0041", "n": 1.50, "list": ["肝病", 2, { "deep": "y" }], "obj": { "b": "z", "t": false } }""";
        var parsed = JsonNode.Parse(json)!.AsObject();
        var before = parsed.ToJsonString();

        var decoded = JsonStrings.Decode(parsed);

        Assert.Same(parsed, decoded);
        Assert.Equal(before, decoded.ToJsonString());
        Assert.Equal("xA", decoded["a"]!.GetValue<string>());
        Assert.Equal("肝病", decoded["list"]![0]!.GetValue<string>());
        Assert.Equal("y", decoded["list"]![2]!["deep"]!.GetValue<string>());
        Assert.Equal(1.50m, decoded["n"]!.GetValue<decimal>());

        // Decoded strings are plain .NET strings now, no longer views into the parsed document.
        Assert.False(decoded["obj"]!["b"]!.AsValue().TryGetValue<System.Text.Json.JsonElement>(out _));
    }
}
