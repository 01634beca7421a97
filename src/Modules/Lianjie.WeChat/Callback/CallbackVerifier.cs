using System.Globalization;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Crypto;
using Lianjie.WeChat.Messages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Lianjie.WeChat.Callback;

/// <summary>
/// Everything that decides whether a callback is genuine: URL signature, replay window,
/// msg_signature and decryption. Turns every failure into a <see cref="CallbackRejectedException"/>.
/// </summary>
public sealed class CallbackVerifier(IConfiguration configuration, TimeProvider clock)
{
    public const int DefaultReplayWindowSeconds = 300;

    /// <summary>0 turns the check off (e.g. replaying captured traffic in a test bench).</summary>
    public int ReplayWindowSeconds =>
        int.TryParse(configuration["WeChat:ReplayWindowSeconds"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? seconds
            : DefaultReplayWindowSeconds;

    public void VerifyUrlSignature(WeChatAccountKeys account, CallbackRequest request)
    {
        if (string.IsNullOrEmpty(request.Signature) || string.IsNullOrEmpty(request.Timestamp) || string.IsNullOrEmpty(request.Nonce))
        {
            throw new CallbackRejectedException(StatusCodes.Status401Unauthorized, "Missing signature, timestamp or nonce.");
        }

        if (!WeChatSignature.VerifyCallback(account.Token, request.Timestamp, request.Nonce, request.Signature))
        {
            throw new CallbackRejectedException(StatusCodes.Status401Unauthorized, "Bad signature.");
        }

        // Checked after the signature: only a genuine but old request is "stale".
        if (!long.TryParse(request.Timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new CallbackRejectedException(StatusCodes.Status400BadRequest, "The timestamp is not a number.");
        }

        var window = ReplayWindowSeconds;
        var age = Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - seconds);
        if (window > 0 && age > window)
        {
            throw new CallbackRejectedException(StatusCodes.Status403Forbidden, $"Timestamp is {age} s away from now; the window is {window} s.");
        }
    }

    /// <summary>Verifies msg_signature over <paramref name="encrypted"/> and decrypts it for this AppId.</summary>
    public string Decrypt(WeChatAccountKeys account, CallbackRequest request, string encrypted)
    {
        if (account.EncodingAesKey is null)
        {
            throw new CallbackRejectedException(StatusCodes.Status400BadRequest, "Encrypted callback for an account without an EncodingAESKey.");
        }

        if (!WeChatSignature.VerifyMessage(account.Token, request.Timestamp!, request.Nonce!, encrypted, request.MsgSignature))
        {
            throw new CallbackRejectedException(StatusCodes.Status401Unauthorized, "Bad msg_signature.");
        }

        try
        {
            return new WeChatMessageCipher(account.EncodingAesKey).Decrypt(encrypted, account.AppId).Message;
        }
        catch (WeChatCryptoException e)
        {
            throw new CallbackRejectedException(StatusCodes.Status400BadRequest, $"Cannot decrypt ({e.Error}): {e.Message}", e);
        }
    }

    /// <summary>The inner message XML: decrypted when the body is encrypted, refused when the mode demands encryption.</summary>
    public string OpenBody(WeChatAccountKeys account, CallbackRequest request, string body)
    {
        var encrypted = request.IsEncrypted || account.MessageMode == WeChatMessageMode.Safe;
        if (!encrypted)
        {
            return body;
        }

        if (account.MessageMode == WeChatMessageMode.Plain)
        {
            throw new CallbackRejectedException(StatusCodes.Status400BadRequest, "Encrypted callback for a plaintext-mode account.");
        }

        var envelope = Parse(() => WeChatEncryptedEnvelope.Parse(body));
        return Decrypt(account, request, envelope.Encrypt);
    }

    /// <summary>Reads at most 64 KB; a longer (e.g. chunked) body is refused with 413 without buffering it all.</summary>
    public static async Task<string> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            return await WeChatXmlParser.ReadBodyAsync(body, cancellationToken);
        }
        catch (WeChatXmlException e)
        {
            throw new CallbackRejectedException(StatusCodes.Status413PayloadTooLarge, e.Message, e);
        }
    }

    public static T Parse<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (WeChatXmlException e) when (e.Error == WeChatXmlError.BodyTooLarge)
        {
            throw new CallbackRejectedException(StatusCodes.Status413PayloadTooLarge, e.Message, e);
        }
        catch (WeChatXmlException e)
        {
            throw new CallbackRejectedException(StatusCodes.Status400BadRequest, $"Refused XML ({e.Error}): {e.Message}", e);
        }
    }
}
