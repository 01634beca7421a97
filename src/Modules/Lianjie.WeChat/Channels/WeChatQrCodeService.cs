using System.Text.Json.Nodes;
using Lianjie.WeChat.Api;
using QRCoder;

namespace Lianjie.WeChat.Channels;

/// <summary>A parametric QR code as WeChat issued it: scanning it subscribes (or SCANs) with the scene.</summary>
public sealed record WeChatQrCode(string Scene, string Ticket, string Url, int? ExpireSeconds);

/// <summary>
/// Parametric QR codes for channels (poster, counter, staff member): created through the API,
/// drawn locally as PNG. The scene comes back on the subscribe event and becomes the follower's
/// first source.
/// </summary>
public sealed class WeChatQrCodeService(WeChatApiClient client)
{
    public const int MaxSceneLength = 64;
    public const int MaxTemporarySeconds = 2_592_000;

    public async Task<WeChatQrCode> CreateAsync(string appId, string scene, bool permanent, int expireSeconds = MaxTemporarySeconds, CancellationToken cancellationToken = default)
    {
        scene = scene.Trim();
        if (scene.Length is 0 or > MaxSceneLength)
        {
            throw new ArgumentException($"A scene needs 1..{MaxSceneLength} characters.");
        }

        var body = new JsonObject
        {
            ["action_name"] = permanent ? "QR_LIMIT_STR_SCENE" : "QR_STR_SCENE",
            ["action_info"] = new JsonObject { ["scene"] = new JsonObject { ["scene_str"] = scene } },
        };
        if (!permanent)
        {
            body["expire_seconds"] = Math.Clamp(expireSeconds, 60, MaxTemporarySeconds);
        }

        var response = await client.PostAsync(appId, "/cgi-bin/qrcode/create", body, cancellationToken);
        return new WeChatQrCode(scene, response["ticket"]!.GetValue<string>(), response["url"]!.GetValue<string>(), response["expire_seconds"]?.GetValue<int>());
    }

    /// <summary>The code as a PNG, drawn from its URL (no call to showqrcode needed).</summary>
    public static byte[] Png(WeChatQrCode code, int pixelsPerModule = 10)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code.Url, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}
