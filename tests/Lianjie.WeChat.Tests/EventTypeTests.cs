using Lianjie.WeChat.Crypto;
using Lianjie.WeChat.Messages;

namespace Lianjie.WeChat.Tests;

/// <summary>Ledger event mapping and helper properties beyond what the fixtures cover.</summary>
public sealed class EventTypeTests
{
    private static WeChatInboundMessage Event(string name, string? key = null) =>
        WeChatXmlParser.Parse($"<xml><FromUserName>o1</FromUserName><CreateTime>5</CreateTime><MsgType>event</MsgType><Event>{name}</Event>"
            + (key is null ? "" : $"<EventKey>{key}</EventKey>") + "</xml>");

    [Theory]
    [InlineData("SUBSCRIBE", WeChatEventTypes.Subscribe)]
    [InlineData("scan", WeChatEventTypes.Scan)]
    [InlineData("scancode_waitmsg", WeChatEventTypes.ScanCode)]
    [InlineData("click", WeChatEventTypes.Click)]
    [InlineData("location_select", WeChatEventTypes.Unknown)]
    [InlineData("", WeChatEventTypes.Unknown)]
    public void Events_map_case_insensitively(string name, string expected)
    {
        Assert.Equal(expected, WeChatEventTypes.ForMessage(Event(name)));
    }

    [Theory]
    [InlineData("shortvideo", WeChatEventTypes.Message)]
    [InlineData("miniprogrampage", WeChatEventTypes.Unknown)]
    [InlineData("", WeChatEventTypes.Unknown)]
    public void Message_types_map(string msgType, string expected)
    {
        var m = WeChatXmlParser.Parse($"<xml><MsgType>{msgType}</MsgType><MsgId>1</MsgId></xml>");
        Assert.Equal(expected, WeChatEventTypes.ForMessage(m));
    }

    [Fact]
    public void Subscribe_without_qrscene_prefix_has_no_scene()
    {
        Assert.Null(Event("subscribe", "last_trade_no_1").SceneFromEventKey);
        Assert.Equal("", Event("subscribe", "qrscene_").SceneFromEventKey);
    }

    [Fact]
    public void Synthetic_encrypted_subscribe_yields_unicode_scene()
    {
        // Vector synthetic-pad32-subscribe-qrscene: full 32-byte pad block, key with '+' and '/'.
        var v = Fixtures.Vector("crypto_vectors", "synthetic-pad32-subscribe-qrscene");
        var decrypted = new WeChatMessageCipher(v.Text("encoding_aes_key")).Decrypt(v.Text("expected_encrypt"), v.Text("receive_id"));
        var m = WeChatXmlParser.Parse(decrypted.Message);
        Assert.Equal("渠道A", m.SceneFromEventKey);
        Assert.Equal(WeChatEventTypes.Subscribe, WeChatEventTypes.ForMessage(m));
        Assert.Equal("oCRMsimOpenId0000000000000001|1700000000|subscribe|qrscene_渠道A", m.DedupeKey);
    }
}
