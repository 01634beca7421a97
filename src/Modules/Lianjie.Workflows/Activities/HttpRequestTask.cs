using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Activities;

/// <summary>
/// Calls a webhook. Orchard properties: "Url", "Headers" ("Name: value" lines), "Body", "ContentType" (Liquid
/// expressions), "HttpMethod" (default GET), "HttpResponseCodes" ("200,201": each is an outcome). Lianjie additions:
/// "TimeoutSeconds" (per attempt, default 10), "MaxRetries" (default 2; retries network errors, timeouts, 408, 429, 5xx),
/// "RetryDelayMilliseconds" (default 500, doubled per retry). Outcomes: listed codes, "UnhandledHttpStatus" for any
/// other response, "Failed" when no response came back after all attempts. Only absolute http/https URLs are allowed.
/// </summary>
public sealed class HttpRequestTask(IHttpClientFactory httpClientFactory, IWorkflowLiquidEvaluator liquidEvaluator) : TaskActivity
{
    public const string HttpClientName = "Lianjie.Workflows.HttpRequestTask";
    public const string UnhandledStatusOutcome = "UnhandledHttpStatus";
    public const string FailedOutcome = "Failed";
    private const int MaxBodyChars = 256 * 1024;

    public override string Name => nameof(HttpRequestTask);

    public override string Category => "HTTP";

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) =>
        [.. ResponseCodes(activityContext).Select(c => c.ToString(CultureInfo.InvariantCulture)), UnhandledStatusOutcome, FailedOutcome];

    public override async ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var urlText = (await RenderAsync(activityContext, "Url", workflowContext)).Trim();
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return ActivityExecutionResult.Fault($"HttpRequestTask only calls absolute http/https URLs; got '{urlText}'.");
        }

        var request = new HttpRequestPlan(
            url,
            new HttpMethod(activityContext.GetString("HttpMethod") ?? "GET"),
            ParseHeaders(await RenderAsync(activityContext, "Headers", workflowContext)),
            await RenderAsync(activityContext, "Body", workflowContext),
            await RenderAsync(activityContext, "ContentType", workflowContext, "application/json"));

        var timeout = TimeSpan.FromSeconds(activityContext.GetNumber("TimeoutSeconds") ?? 10);
        var maxRetries = Math.Clamp((int)(activityContext.GetNumber("MaxRetries") ?? 2), 0, 10);
        var delay = TimeSpan.FromMilliseconds(activityContext.GetNumber("RetryDelayMilliseconds") ?? 500);
        var client = httpClientFactory.CreateClient(HttpClientName);
        var ct = workflowContext.CancellationToken;

        string? error = null;
        for (var attempt = 1; attempt <= maxRetries + 1; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(delay * Math.Pow(2, attempt - 2), ct);
            }

            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attemptTimeout.CancelAfter(timeout);
            try
            {
                using var response = await client.SendAsync(request.Build(), HttpCompletionOption.ResponseHeadersRead, attemptTimeout.Token);
                if (IsRetryable(response.StatusCode) && attempt <= maxRetries)
                {
                    continue;
                }

                var body = await ReadBodyAsync(response, attemptTimeout.Token);
                workflowContext.LastResult = new JsonObject
                {
                    ["StatusCode"] = (int)response.StatusCode,
                    ["ReasonPhrase"] = response.ReasonPhrase,
                    ["IsSuccessStatusCode"] = response.IsSuccessStatusCode,
                    ["Body"] = body,
                    ["Attempts"] = attempt,
                };
                var code = (int)response.StatusCode;
                return Outcomes(ResponseCodes(activityContext).Contains(code) ? code.ToString(CultureInfo.InvariantCulture) : UnhandledStatusOutcome);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                error = $"Request timed out after {timeout.TotalSeconds:0.###} s.";
            }
            catch (HttpRequestException ex)
            {
                error = $"Request failed: {ex.Message}";
            }
        }

        workflowContext.LastResult = new JsonObject { ["Error"] = error, ["Attempts"] = maxRetries + 1 };
        return Outcomes(FailedOutcome);
    }

    private async Task<string> RenderAsync(ActivityContext activityContext, string property, WorkflowExecutionContext workflowContext, string fallback = "")
    {
        var template = activityContext.GetExpression(property);
        return string.IsNullOrEmpty(template) ? fallback : await liquidEvaluator.RenderAsync(template, workflowContext);
    }

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static List<int> ResponseCodes(ActivityContext activityContext)
    {
        var text = activityContext.GetString("HttpResponseCodes") ?? "200";
        return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : -1)
            .Where(c => c > 0)];
    }

    private static List<KeyValuePair<string, string>> ParseHeaders(string text) =>
        [.. text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(':', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2 && pair[0].Length > 0)
            .Select(pair => KeyValuePair.Create(pair[0], pair[1]))];

    // Caps what is kept in LastResult so a large response can't bloat the stored instance.
    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[MaxBodyChars];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        return new string(buffer, 0, read);
    }

    /// <summary>A request message can only be sent once, so each attempt builds a fresh one.</summary>
    private sealed record HttpRequestPlan(Uri Url, HttpMethod Method, List<KeyValuePair<string, string>> Headers, string Body, string ContentType)
    {
        public HttpRequestMessage Build()
        {
            var message = new HttpRequestMessage(Method, Url);
            foreach (var (name, value) in Headers)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }

            if (Method == HttpMethod.Post || Method == HttpMethod.Put || Method == HttpMethod.Patch)
            {
                message.Content = new StringContent(Body, Encoding.UTF8, string.IsNullOrWhiteSpace(ContentType) ? "application/json" : ContentType);
            }

            return message;
        }
    }
}
