using System.Globalization;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Callback;
using Lianjie.WeChat.Crypto;
using Microsoft.Extensions.Configuration;

namespace Lianjie.WeChat.Tests.Callback;

/// <summary>WeChat:ReplayWindowSeconds: 300 s by default, configurable, and 0 turns the check off for replaying recorded traffic.</summary>
public class ReplayWindowTests
{
    private static readonly WeChatAccountKeys Account = new("wxreplay000000001", "Replay", "secret", null, "replayToken", WeChatMessageMode.Plain, false, null);

    [Theory]
    [InlineData(null, 299, true)]
    [InlineData(null, 301, false)]
    [InlineData("60", 61, false)]
    [InlineData("60", 59, true)]
    [InlineData("0", 86_400 * 30, true)]
    public void A_signed_callback_is_accepted_only_inside_the_configured_window(string? window, long ageSeconds, bool accepted)
    {
        var verifier = new CallbackVerifier(Configuration(window), TimeProvider.System);
        var timestamp = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - ageSeconds).ToString(CultureInfo.InvariantCulture);
        var request = new CallbackRequest(Account.AppId, WeChatSignature.ForCallback(Account.Token, timestamp, "nonce1"), timestamp, "nonce1", null, null, null);

        var rejected = Record.Exception(() => verifier.VerifyUrlSignature(Account, request));

        if (accepted)
        {
            Assert.Null(rejected);
        }
        else
        {
            Assert.Equal(403, Assert.IsType<CallbackRejectedException>(rejected).StatusCode);
        }
    }

    [Fact]
    public void Turning_the_window_off_never_lets_a_bad_signature_through()
    {
        var verifier = new CallbackVerifier(Configuration("0"), TimeProvider.System);
        var timestamp = "1400000000";
        var request = new CallbackRequest(Account.AppId, WeChatSignature.ForCallback("anotherToken", timestamp, "n"), timestamp, "n", null, null, null);

        Assert.Equal(401, Assert.IsType<CallbackRejectedException>(Record.Exception(() => verifier.VerifyUrlSignature(Account, request))).StatusCode);
    }

    private static IConfiguration Configuration(string? window) =>
        new ConfigurationBuilder().AddInMemoryCollection(window is null ? new Dictionary<string, string?>() : new Dictionary<string, string?> { ["WeChat:ReplayWindowSeconds"] = window }).Build();
}
