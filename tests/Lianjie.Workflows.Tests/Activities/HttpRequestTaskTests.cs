using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lianjie.Workflows.Tests.Activities;

/// <summary>Runs HttpRequestTask against a real Kestrel listener on 127.0.0.1.</summary>
public sealed class HttpRequestTaskTests : IAsyncLifetime, IDisposable
{
    private readonly WorkflowTestHost _host = new();
    private WebApplication _server = null!;
    private string _baseUrl = "";
    private int _failHits;
    private string? _receivedBody;
    private string? _receivedHeader;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapPost("/hook", async (HttpRequest request) =>
        {
            _receivedHeader = request.Headers["X-Lianjie"];
            _receivedBody = await new StreamReader(request.Body).ReadToEndAsync();
            return Results.Text("""{"accepted":true}""", "application/json");
        });
        _server.MapGet("/fail", () =>
        {
            Interlocked.Increment(ref _failHits);
            return Results.StatusCode(503);
        });
        _server.MapGet("/slow", async (CancellationToken aborted) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), aborted);
            return "late";
        });
        await _server.StartAsync();
        _baseUrl = _server.Urls.Single();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _host.Dispose();

    private async Task<WorkflowInstance> RunAsync(JsonObject properties)
    {
        await _host.AddAsync(new WorkflowBuilder()
            .Start("start", TestEvent.FollowerSubscribed)
            .Activity("http", "HttpRequestTask", properties)
            .Connect("start", "Done", "http")
            .Build());
        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed, new JsonObject { ["Nickname"] = "阿强" }));
        return await _host.LoadAsync(instance);
    }

    private static IReadOnlyList<string> HttpOutcomes(WorkflowInstance instance) =>
        instance.ExecutionLog.Single(e => e.ActivityId == "http").Outcomes;

    [Fact]
    public async Task Posts_rendered_body_and_takes_the_status_outcome()
    {
        var instance = await RunAsync(new JsonObject
        {
            ["Url"] = WorkflowBuilder.Expr(_baseUrl + "/hook"),
            ["HttpMethod"] = "POST",
            ["Headers"] = WorkflowBuilder.Expr("X-Lianjie: {{ Workflow.WorkflowId }}"),
            ["Body"] = WorkflowBuilder.Expr("""{"nickname":"{{ Workflow.Input.Nickname }}"}"""),
            ["HttpResponseCodes"] = "200,201",
        });

        Assert.Equal(["200"], HttpOutcomes(instance));
        Assert.Equal("""{"nickname":"阿强"}""", _receivedBody);
        Assert.Equal(instance.WorkflowId, _receivedHeader);
        Assert.Equal(200, instance.State.LastResult!["StatusCode"]!.GetValue<int>());
        Assert.Equal("""{"accepted":true}""", instance.State.LastResult!["Body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Server_errors_are_retried_then_reported_as_unhandled_status()
    {
        var instance = await RunAsync(new JsonObject
        {
            ["Url"] = WorkflowBuilder.Expr(_baseUrl + "/fail"),
            ["MaxRetries"] = 2,
            ["RetryDelayMilliseconds"] = 10,
        });

        Assert.Equal(3, _failHits);
        Assert.Equal([HttpRequestTaskOutcomes.Unhandled], HttpOutcomes(instance));
        Assert.Equal(503, instance.State.LastResult!["StatusCode"]!.GetValue<int>());
        Assert.Equal(3, instance.State.LastResult!["Attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task Slow_endpoint_times_out_and_takes_failed_after_retries()
    {
        var instance = await RunAsync(new JsonObject
        {
            ["Url"] = WorkflowBuilder.Expr(_baseUrl + "/slow"),
            ["TimeoutSeconds"] = 0.3,
            ["MaxRetries"] = 1,
            ["RetryDelayMilliseconds"] = 10,
        });

        Assert.Equal([HttpRequestTaskOutcomes.Failed], HttpOutcomes(instance));
        Assert.Contains("timed out", instance.State.LastResult!["Error"]!.GetValue<string>());
        Assert.Equal(2, instance.State.LastResult!["Attempts"]!.GetValue<int>());
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/x")]
    [InlineData("/relative")]
    public async Task Only_http_and_https_urls_are_called(string url)
    {
        var instance = await RunAsync(new JsonObject { ["Url"] = WorkflowBuilder.Expr(url) });

        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        Assert.Contains("http/https", instance.FaultMessage);
    }

    private static class HttpRequestTaskOutcomes
    {
        public const string Unhandled = Lianjie.Workflows.Activities.HttpRequestTask.UnhandledStatusOutcome;
        public const string Failed = Lianjie.Workflows.Activities.HttpRequestTask.FailedOutcome;
    }
}
