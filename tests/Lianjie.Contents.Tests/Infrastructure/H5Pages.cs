using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Lianjie.Contents.Tests.Infrastructure;

/// <summary>Reads what the article page hands the browser: its beacon token and share link.</summary>
public static partial class H5Pages
{
    public static string PageToken(string html) => WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);

    public static string ShareUrl(string html) => WebUtility.HtmlDecode(ShareUrlPattern().Match(html).Groups[1].Value);

    public static string ArticleUrl(string slug) => "/h5/" + Uri.EscapeDataString(slug);

    public static Task<HttpResponseMessage> BeaconAsync(HttpClient client, string token, string kind) =>
        client.PostAsync("/h5/beacon", new StringContent($$"""{"t":"{{token}}","k":"{{kind}}"}""", Encoding.UTF8, "text/plain"));

    [GeneratedRegex("data-token=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("data-share-url=\"([^\"]+)\"")]
    private static partial Regex ShareUrlPattern();
}
