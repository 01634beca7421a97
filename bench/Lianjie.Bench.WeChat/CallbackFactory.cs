using System.Globalization;
using System.Security.Cryptography;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Callback;

namespace Lianjie.Bench.WeChat;

/// <summary>
/// Unique, properly signed and encrypted text-message callbacks for one safe-mode account, built with
/// the module's own composer (so the host decrypts and verifies exactly what WeChat would send).
/// </summary>
internal sealed class CallbackFactory(WeChatAccountKeys account, int followers, long firstMsgId)
{
    private long _next = firstMsgId;

    public const string AppId = "wxbench0000000001";

    public const string Token = "benchToken";

    public WeChatAccountKeys Account => account;

    /// <summary>A fixed demo AES key (43 characters), only ever used on loopback.</summary>
    public static WeChatAccountKeys SafeAccount() =>
        new(AppId, "Bench", "bench-secret", "QmVuY2hFbmNvZGluZ0FFU0tleTAwMDAwMDAwMDAwMDA", Token, WeChatMessageMode.Safe, true, null);

    /// <summary>The next callback: a new MsgId, one of <c>followers</c> openids.</summary>
    public Callback Next()
    {
        var msgId = Interlocked.Increment(ref _next);
        var openId = "oBench" + (msgId % followers).ToString("D22", CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var xml = WeChatCallbackComposer.TextXml("gh_bench", openId, now, "bench " + msgId.ToString(CultureInfo.InvariantCulture), msgId);
        var composed = WeChatCallbackComposer.Compose(account, xml, now, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        return new Callback(msgId, composed.PathAndQuery, composed.Body);
    }

    /// <summary>Composes <paramref name="count"/> callbacks ahead, so composing costs no CPU while timing.</summary>
    public Queue<Callback> Prepare(int count)
    {
        var queue = new Queue<Callback>(count);
        for (var i = 0; i < count; i++)
            queue.Enqueue(Next());
        return queue;
    }

    internal sealed record Callback(long MsgId, string PathAndQuery, string Body);
}
