using System.Net;
using System.Text;
using Lianjie.Testing;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Callback;
using Lianjie.WeChat.Crypto;
using Lianjie.WeChat.Tests.Support;

namespace Lianjie.WeChat.Tests.Callback;

/// <summary>The real /wechat/{appId} endpoint over the in-process host: what is accepted, what is refused and how.</summary>
public class CallbackEndpointTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_subscribe_with_a_scene_creates_the_follower_and_one_event(string provider)
    {
        await using var site = await WeChatSite.StartAsync(provider);
        var account = await site.AddAccountAsync(WeChatSite.PlainAppId, WeChatMessageMode.Plain);
        var client = site.CreateClient();

        var response = await client.PostCallbackAsync(account, WeChatCallbackComposer.EventXml("gh_test", "oSub1", WeChatSite.Now(), "subscribe", "qrscene_counter7", "TICKET"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await site.LedgerCountAsync("wechat.subscribe"));
        Assert.Equal("counter7", await site.TextAsync("SELECT \"Subject\" FROM \"LedgerEvents\""));
        Assert.Equal(WeChatSite.PlainAppId, await site.TextAsync("SELECT \"AccountId\" FROM \"LedgerEvents\""));
        Assert.Equal("wechat", await site.TextAsync("SELECT \"Source\" FROM \"LedgerEvents\""));
        Assert.Contains("\"scene\":\"counter7\"", await site.TextAsync("SELECT \"Payload\" FROM \"LedgerEvents\""));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\" WHERE \"OpenId\" = 'oSub1'"));
        Assert.Equal(
            await site.ScalarAsync("SELECT \"Id\" FROM \"Followers\" WHERE \"OpenId\" = 'oSub1'"),
            await site.ScalarAsync("SELECT \"FollowerId\" FROM \"LedgerEvents\""));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_callback_replayed_three_times_is_one_ledger_row_and_three_successes(string provider)
    {
        await using var site = await WeChatSite.StartAsync(provider);
        var account = await site.AddAccountAsync(WeChatSite.SafeAppId, WeChatMessageMode.Safe);
        var client = site.CreateClient();
        var xml = WeChatCallbackComposer.TextXml("gh_test", "oReplay", WeChatSite.Now(), "hello", 6_100_000_000_001);

        // WeChat's retries are new requests (fresh nonce and timestamp) carrying the same message.
        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.PostCallbackAsync(account, xml)));

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("success", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(1, await site.LedgerCountAsync());
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
    }

    [Fact]
    public async Task Two_job_finish_events_in_the_same_second_both_count()
    {
        await using var site = await WeChatSite.StartAsync();
        var account = await site.AddAccountAsync(WeChatSite.PlainAppId, WeChatMessageMode.Plain);
        var client = site.CreateClient();
        var now = WeChatSite.Now();
        string Finish(long msgId) => $"<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[oSystem]]></FromUserName><CreateTime>{now}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[MASSSENDJOBFINISH]]></Event><MsgID>{msgId}</MsgID><Status><![CDATA[send success]]></Status></xml>";

        Assert.Equal(HttpStatusCode.OK, (await client.PostCallbackAsync(account, Finish(1000001625))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostCallbackAsync(account, Finish(1000001626))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostCallbackAsync(account, Finish(1000001626))).StatusCode);

        Assert.Equal(2, await site.LedgerCountAsync("wechat.mass_send_finished"));
    }

    [Fact]
    public async Task A_view_event_with_a_long_url_is_recorded_once_with_a_short_key()
    {
        await using var site = await WeChatSite.StartAsync();
        var account = await site.AddAccountAsync(WeChatSite.PlainAppId, WeChatMessageMode.Plain);
        var client = site.CreateClient();
        var url = "https://clinic.example/h5/articles/42?" + new string('q', 1000);
        var xml = WeChatCallbackComposer.EventXml("gh", "oViewer", WeChatSite.Now(), "VIEW", url);

        var first = await client.PostCallbackAsync(account, xml);
        var retry = await client.PostCallbackAsync(account, xml);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, await site.LedgerCountAsync("wechat.view"));
        Assert.True(await site.ScalarAsync("SELECT LENGTH(\"DedupeKey\") FROM \"LedgerEvents\"") <= 300);
    }

    [Fact]
    public async Task A_malformed_FromUserName_is_400()
    {
        await using var site = await WeChatSite.StartAsync();
        var account = await site.AddAccountAsync(WeChatSite.PlainAppId, WeChatMessageMode.Plain);

        var response = await site.CreateClient().PostCallbackAsync(account, WeChatCallbackComposer.EventXml("gh", new string('o', 65), WeChatSite.Now(), "subscribe"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await site.LedgerCountAsync());
    }

    [Theory]
    [InlineData(WeChatMessageMode.Safe)]
    [InlineData(WeChatMessageMode.Compatible)]
    public async Task Encrypted_callbacks_are_decrypted_and_recorded(WeChatMessageMode mode)
    {
        await using var site = await WeChatSite.StartAsync();
        var account = await site.AddAccountAsync(mode == WeChatMessageMode.Safe ? WeChatSite.SafeAppId : WeChatSite.CompatibleAppId, mode);

        var response = await site.CreateClient().PostCallbackAsync(account, WeChatCallbackComposer.EventXml("gh", "oClick", WeChatSite.Now(), "CLICK", "MENU_KIDNEY"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("MENU_KIDNEY", await site.TextAsync("SELECT \"Subject\" FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.click'"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_bad_signature_is_401_and_records_nothing(string provider)
    {
        await using var site = await WeChatSite.StartAsync(provider);
        var account = await site.AddAccountAsync(WeChatSite.PlainAppId, WeChatMessageMode.Plain);
        var composed = WeChatCallbackComposer.Compose(account, WeChatCallbackComposer.EventXml("gh", "oForged", WeChatSite.Now(), "subscribe"), WeChatSite.Now(), "n1");
        var forged = composed.PathAndQuery.Replace("signature=", "signature=0", StringComparison.Ordinal);

        var response = await site.CreateClient().PostAsync(forged, new StringContent(composed.Body));
        var unsigned = await site.CreateClient().PostAsync($"/wechat/{account.AppId}", new StringContent(composed.Body));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(0, await site.LedgerCountAsync());
    }

    [Fact]
    public async Task A_bad_msg_signature_is_401()
    {
        await using var site = await WeChatSite.StartAsync();
        var account = await site.AddAccountAsync(WeChatSite.SafeAppId, WeChatMessageMode.Safe);
        var composed = WeChatCallbackComposer.Compose(account, WeChatCallbackComposer.EventXml("gh", "o1", WeChatSite.Now(), "subscribe"), WeChatSite.Now(), "n1");

        var response = await site.CreateClient().PostAsync(composed.PathAndQuery.Replace("msg_signature=", "msg_signature=f", StringComparison.Ordinal), new StringContent(composed.Body));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await site.LedgerCountAsync());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_stale_timestamp_is_403(string provider)
    {
        await using var site = await WeChatSite.StartAsync(provider);
        var account = await site.AddAccountAsync(WeChatSite.PlainAppId, WeChatMessageMode.Plain);
        var old = WeChatSite.Now() - 301;

        var response = await site.CreateClient().PostCallbackAsync(account, WeChatCallbackComposer.EventXml("gh", "oOld", old, "subscribe"), old);
        var recent = await site.CreateClient().PostCallbackAsync(account, WeChatCallbackComposer.EventXml("gh", "oOld", old, "subscribe"), WeChatSite.Now() - 290);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recent.StatusCode);
        Assert.Equal(1, await site.LedgerCountAsync());
    }

    [Theory]
    [InlineData("negative_xxe_doctype.xml")]
    [InlineData("negative_billion_laughs.xml")]
    public async Task Dtd_xxe_and_billion_laughs_are_400(string fixture)
    {
        await using var site = await WeChatSite.StartAsync();
        var account = await site.AddAccountAsync(WeChatSite.PlainAppId, WeChatMessageMode.Plain);

        var response = await site.CreateClient().PostCallbackAsync(account, Fixtures.ReadXml(fixture));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await site.LedgerCountAsync());
    }

    [Fact]
    public async Task A_dtd_inside_the_ciphertext_is_400_too()
    {
        await using var site = await WeChatSite.StartAsync();
        var account = await site.AddAccountAsync(WeChatSite.SafeAppId, WeChatMessageMode.Safe);

        var response = await site.CreateClient().PostCallbackAsync(account, Fixtures.ReadXml("negative_xxe_doctype.xml"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_64_KB_is_413_declared_or_streamed()
    {
        await using var site = await WeChatSite.StartAsync();
        var account = await site.AddAccountAsync(WeChatSite.PlainAppId, WeChatMessageMode.Plain);
        var huge = WeChatCallbackComposer.TextXml("gh", "oBig", WeChatSite.Now(), new string('x', 70_000), 1);
        var composed = WeChatCallbackComposer.Compose(account, huge, WeChatSite.Now(), "n");

        var declared = await site.CreateClient().PostAsync(composed.PathAndQuery, new StringContent(huge));
        var streamed = await site.CreateClient().PostAsync(composed.PathAndQuery, new ChunkedContent(Encoding.UTF8.GetBytes(huge)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal(0, await site.LedgerCountAsync());
    }

    [Fact]
    public async Task Aes_garbage_and_a_ciphertext_for_another_app_are_400()
    {
        await using var site = await WeChatSite.StartAsync();
        var account = await site.AddAccountAsync(WeChatSite.SafeAppId, WeChatMessageMode.Safe);
        var client = site.CreateClient();

        async Task<HttpStatusCode> PostEncryptAsync(string encrypt)
        {
            var stamp = WeChatSite.Now().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var query = $"/wechat/{account.AppId}?signature={WeChatSignature.ForCallback(account.Token, stamp, "n")}&timestamp={stamp}&nonce=n&encrypt_type=aes&msg_signature={WeChatSignature.ForMessage(account.Token, stamp, "n", encrypt)}";
            return (await client.PostAsync(query, new StringContent($"<xml><ToUserName>gh</ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"))).StatusCode;
        }

        var inner = WeChatCallbackComposer.EventXml("gh", "oX", WeChatSite.Now(), "subscribe");
        Assert.Equal(HttpStatusCode.BadRequest, await PostEncryptAsync("not base64 at all!"));
        Assert.Equal(HttpStatusCode.BadRequest, await PostEncryptAsync(Convert.ToBase64String(new byte[48])));
        Assert.Equal(HttpStatusCode.BadRequest, await PostEncryptAsync(new WeChatMessageCipher(account.EncodingAesKey!).Encrypt(inner, "wxSomeoneElse")));
        Assert.Equal(HttpStatusCode.OK, await PostEncryptAsync(new WeChatMessageCipher(account.EncodingAesKey!).Encrypt(inner, account.AppId)));
        Assert.Equal(1, await site.LedgerCountAsync());
    }

    [Fact]
    public async Task A_plaintext_body_for_a_safe_mode_account_is_400()
    {
        await using var site = await WeChatSite.StartAsync();
        var account = await site.AddAccountAsync(WeChatSite.SafeAppId, WeChatMessageMode.Safe);
        var plainTwin = account with { MessageMode = WeChatMessageMode.Plain };

        var response = await site.CreateClient().PostCallbackAsync(plainTwin, WeChatCallbackComposer.EventXml("gh", "oP", WeChatSite.Now(), "subscribe"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_app_id_is_404()
    {
        await using var site = await WeChatSite.StartAsync();
        var ghost = new WeChatAccountKeys("wxghost", "ghost", "s", null, WeChatSite.Token, WeChatMessageMode.Plain, false, null);

        var response = await site.CreateClient().PostCallbackAsync(ghost, WeChatCallbackComposer.EventXml("gh", "o", WeChatSite.Now(), "subscribe"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Url_verification_echoes_plain_and_decrypts_safe_mode_echostr()
    {
        await using var site = await WeChatSite.StartAsync();
        var plain = await site.AddAccountAsync(WeChatSite.PlainAppId, WeChatMessageMode.Plain);
        var safe = await site.AddAccountAsync(WeChatSite.SafeAppId, WeChatMessageMode.Safe);
        var client = site.CreateClient();
        var now = WeChatSite.Now();

        var echoed = await client.GetAsync(WeChatCallbackComposer.ComposeVerification(plain, "1234567890", now, "n"));
        var forged = await client.GetAsync(WeChatCallbackComposer.ComposeVerification(plain, "1234567890", now, "n").Replace("signature=", "signature=a", StringComparison.Ordinal));
        var encryptedEcho = new WeChatMessageCipher(safe.EncodingAesKey!).Encrypt("echo-42", safe.AppId);
        var stamp = now.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var safeUrl = WeChatCallbackComposer.ComposeVerification(safe, encryptedEcho, now, "n") + "&msg_signature=" + WeChatSignature.ForMessage(safe.Token, stamp, "n", encryptedEcho);

        Assert.Equal("1234567890", await echoed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("echo-42", await (await client.GetAsync(safeUrl)).Content.ReadAsStringAsync());
    }

    /// <summary>A body without Content-Length, as a chunked upload arrives.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
