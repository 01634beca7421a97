using Lianjie.Core.Http;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Crypto;
using Lianjie.WeChat.Messages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Lianjie.WeChat.Callback;

/// <summary>
/// /wechat/{appId}: WeChat's server-to-server callback. Every refusal is a logged 4xx; a message
/// is acknowledged only after its event is durable in the ledger.
/// </summary>
internal static class WeChatCallbackEndpoints
{
    public const string Success = "success";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/wechat/{appId}", VerifyAsync)
            .AllowAnonymous().WithMetadata(new ExemptFromAntiforgery()).ExcludeFromDescription();
        endpoints.MapPost("/wechat/{appId}", ReceiveAsync)
            .AllowAnonymous().WithMetadata(new ExemptFromAntiforgery()).ExcludeFromDescription();
    }

    private static Task<IResult> VerifyAsync(string appId, HttpContext http, WeChatAccountService accounts, CallbackVerifier verifier, ILogger<CallbackVerifier> logger) =>
        GuardAsync(http, logger, appId, async () =>
        {
            var request = Read(appId, http);
            var account = await FindAsync(accounts, appId, http.RequestAborted);
            verifier.VerifyUrlSignature(account, request);
            if (string.IsNullOrEmpty(request.EchoStr))
            {
                throw new CallbackRejectedException(StatusCodes.Status400BadRequest, "No echostr.");
            }

            // Safe-mode verification may send echostr encrypted, signed by msg_signature.
            var echo = request.MsgSignature is not null && account.MessageMode != WeChatMessageMode.Plain
                ? verifier.Decrypt(account, request, request.EchoStr)
                : request.EchoStr;
            return Results.Text(echo, "text/plain");
        });

    private static Task<IResult> ReceiveAsync(
        string appId,
        HttpContext http,
        WeChatAccountService accounts,
        CallbackVerifier verifier,
        WeChatEventRecorder recorder,
        IEnumerable<IWeChatReplyProvider> replies,
        TimeProvider clock,
        ILogger<CallbackVerifier> logger) =>
        GuardAsync(http, logger, appId, async () =>
        {
            // Refuse a declared oversize body before reading a byte of it.
            if (http.Request.ContentLength is { } length && length > WeChatXmlParser.MaxBodyBytes)
            {
                throw new CallbackRejectedException(StatusCodes.Status413PayloadTooLarge, $"Body of {length} bytes.");
            }

            var request = Read(appId, http);
            var account = await FindAsync(accounts, appId, http.RequestAborted);
            verifier.VerifyUrlSignature(account, request);
            var body = await CallbackVerifier.ReadBodyAsync(http.Request.Body, http.RequestAborted);
            var xml = verifier.OpenBody(account, request, body);
            var message = CallbackVerifier.Parse(() => WeChatXmlParser.Parse(xml));
            // OpenIds are 28 characters; anything odd is refused here rather than failing deeper.
            if (string.IsNullOrWhiteSpace(message.FromUserName) || message.FromUserName.Length > 64 || message.FromUserName.Any(char.IsWhiteSpace))
            {
                throw new CallbackRejectedException(StatusCodes.Status400BadRequest, "Missing or malformed FromUserName.");
            }

            var (followerId, result) = await recorder.RecordAsync(appId, message, http.RequestAborted);
            if (!result.Appended)
            {
                // A retry of something already recorded: acknowledge, never reply twice.
                return Results.Text(Success, "text/plain");
            }

            foreach (var provider in replies)
            {
                if (await provider.ReplyAsync(account, message, followerId, http.RequestAborted) is { } reply)
                {
                    return Results.Text(Seal(account, request, reply, clock), "application/xml; charset=utf-8");
                }
            }

            return Results.Text(Success, "text/plain");
        });

    private static async Task<IResult> GuardAsync(HttpContext http, ILogger logger, string appId, Func<Task<IResult>> handle)
    {
        try
        {
            return await handle();
        }
        catch (CallbackRejectedException e)
        {
            logger.LogWarning("WeChat callback {Method} /wechat/{AppId} from {Ip} refused with {Status}: {Reason}", http.Request.Method, appId, http.Connection.RemoteIpAddress, e.StatusCode, e.Reason);
            return Results.Text(e.StatusCode == StatusCodes.Status404NotFound ? "unknown account" : "refused", "text/plain", statusCode: e.StatusCode);
        }
    }

    private static CallbackRequest Read(string appId, HttpContext http)
    {
        var q = http.Request.Query;
        return new CallbackRequest(appId, q["signature"], q["timestamp"], q["nonce"], q["msg_signature"], q["encrypt_type"], q["echostr"]);
    }

    private static async Task<WeChatAccountKeys> FindAsync(WeChatAccountService accounts, string appId, CancellationToken cancellationToken) =>
        await accounts.GetKeysAsync(appId, cancellationToken)
        ?? throw new CallbackRejectedException(StatusCodes.Status404NotFound, "No such account.");

    /// <summary>Encrypts the reply when the request was encrypted (safe mode, or compatible mode with AES).</summary>
    private static string Seal(WeChatAccountKeys account, CallbackRequest request, string reply, TimeProvider clock)
    {
        if (!(request.IsEncrypted || account.MessageMode == WeChatMessageMode.Safe) || account.EncodingAesKey is null)
        {
            return reply;
        }

        var nonce = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        return WeChatReplyWriter.Encrypted(reply, new WeChatMessageCipher(account.EncodingAesKey), account.Token, account.AppId, clock.GetUtcNow().ToUnixTimeSeconds(), nonce);
    }
}
