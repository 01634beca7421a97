using Lianjie.WeChat.Crypto;
using Lianjie.WeChat.Messages;

namespace Lianjie.WeChat.Tests;

/// <summary>Every file in fixtures/wechat/xml, each with its own expectations.</summary>
public sealed class XmlFixtureTests
{
    public static TheoryData<string> XmlFiles => new(Fixtures.XmlFileNames());

    private static readonly Dictionary<string, Action<string>> Expectations = new(StringComparer.Ordinal)
    {
        ["msg_text.xml"] = xml =>
        {
            var m = AssertMessage(xml, "text", WeChatEventTypes.Message, "1234567890123456");
            Assert.Equal("toUser", m.ToUserName);
            Assert.Equal("fromUser", m.FromUserName);
            Assert.Equal(1348831860, m.CreateTime);
            Assert.Equal("this is a test", m.Content);
        },
        ["msg_image.xml"] = xml =>
        {
            var m = AssertMessage(xml, "image", WeChatEventTypes.Message, "1234567890123456");
            Assert.Equal("this is a url", m.PicUrl);
            Assert.Equal("media_id", m.MediaId);
        },
        ["msg_voice.xml"] = xml =>
        {
            var m = AssertMessage(xml, "voice", WeChatEventTypes.Message, "1234567890123456");
            Assert.Equal("media_id", m.MediaId);
            Assert.Equal("Format", m.Format);
            Assert.Null(m.Recognition);
        },
        ["msg_video.xml"] = xml =>
        {
            var m = AssertMessage(xml, "video", WeChatEventTypes.Message, "1234567890123456");
            Assert.Equal("thumb_media_id", m.ThumbMediaId);
        },
        ["msg_location.xml"] = xml =>
        {
            var m = AssertMessage(xml, "location", WeChatEventTypes.Message, "1234567890123456");
            Assert.Equal(23.134521m, m.LocationX);
            Assert.Equal(113.358803m, m.LocationY);
            Assert.Equal(20, m.Scale);
            Assert.Equal("位置信息", m.Label);
            Assert.Equal("23.134521", m.Fields["Location_X"]);
        },
        ["msg_link.xml"] = xml =>
        {
            var m = AssertMessage(xml, "link", WeChatEventTypes.Message, "1234567890123456");
            Assert.Equal("公众平台官网链接", m.Title);
            Assert.Equal("公众平台官网链接", m.Description);
            Assert.Equal("url", m.Url);
        },
        ["event_subscribe.xml"] = xml =>
        {
            var m = AssertEvent(xml, "subscribe", WeChatEventTypes.Subscribe, "FromUser|123456789|subscribe|");
            Assert.Null(m.EventKey);
            Assert.Null(m.SceneFromEventKey);
        },
        ["event_subscribe_qrscene.xml"] = xml =>
        {
            var m = AssertEvent(xml, "subscribe", WeChatEventTypes.Subscribe, "FromUser|123456789|subscribe|qrscene_123123");
            Assert.Equal("123123", m.SceneFromEventKey);
            Assert.Equal("TICKET", m.Ticket);
        },
        ["event_unsubscribe.xml"] = xml =>
            AssertEvent(xml, "unsubscribe", WeChatEventTypes.Unsubscribe, "FromUser|123456789|unsubscribe|"),
        ["event_scan.xml"] = xml =>
        {
            var m = AssertEvent(xml, "SCAN", WeChatEventTypes.Scan, "FromUser|123456789|SCAN|SCENE_VALUE");
            Assert.Equal("SCENE_VALUE", m.SceneFromEventKey);
            Assert.Equal("TICKET", m.Ticket);
        },
        ["event_location.xml"] = xml =>
        {
            var m = AssertEvent(xml, "LOCATION", WeChatEventTypes.Location, "fromUser|123456789|LOCATION|");
            Assert.Equal(23.137466m, m.Latitude);
            Assert.Equal(113.352425m, m.Longitude);
            Assert.Equal(119.385040m, m.Precision);
        },
        ["event_click.xml"] = xml =>
        {
            var m = AssertEvent(xml, "CLICK", WeChatEventTypes.Click, "FromUser|123456789|CLICK|EVENTKEY");
            Assert.Null(m.SceneFromEventKey);
        },
        ["event_view.xml"] = xml =>
            AssertEvent(xml, "VIEW", WeChatEventTypes.View, "FromUser|123456789|VIEW|www.qq.com"),
        ["event_scancode_push.xml"] = xml =>
        {
            var m = AssertEvent(xml, "scancode_push", WeChatEventTypes.ScanCode, "oMgHVjngRipVsoxg6TuX3vz6glDg|1408090502|scancode_push|6");
            Assert.Equal("qrcode", m.Fields["ScanCodeInfo.ScanType"]);
            Assert.Equal("1", m.Fields["ScanCodeInfo.ScanResult"]);
        },
        ["event_pic_sysphoto.xml"] = xml =>
        {
            var m = AssertEvent(xml, "pic_sysphoto", WeChatEventTypes.Unknown, "oMgHVjngRipVsoxg6TuX3vz6glDg|1408090651|pic_sysphoto|6");
            Assert.Equal("1", m.Fields["SendPicsInfo.Count"]);
            Assert.Equal("1b5f7c23b5bf75682a53e7b6d163e185", m.Fields["SendPicsInfo.PicList.item.PicMd5Sum"]);
        },
        ["event_templatesendjobfinish.xml"] = xml =>
        {
            var m = AssertEvent(xml, "TEMPLATESENDJOBFINISH", WeChatEventTypes.TemplateSendFinished, "fromuser|1395658920|TEMPLATESENDJOBFINISH|");
            Assert.Null(m.MsgId);
            Assert.Equal("200163836", m.Fields["MsgID"]);
            Assert.Equal("success", m.Status);
        },
        ["event_masssendjobfinish.xml"] = xml =>
        {
            var m = AssertEvent(xml, "MASSSENDJOBFINISH", WeChatEventTypes.MassSendFinished, "oV5CrjpxgaGXNHIQigzNlgLTnwic|1481013459|MASSSENDJOBFINISH|");
            Assert.Equal("err(30003)", m.Status);
            Assert.Equal("1000001625", m.Fields["MsgID"]);
            Assert.Equal("2", m.Fields["CopyrightCheckResult.Count"]);
            Assert.Equal("Url_1", m.Fields["CopyrightCheckResult.ResultList.item[0].OriginalArticleUrl"]);
            Assert.Equal("Url_2", m.Fields["CopyrightCheckResult.ResultList.item[1].OriginalArticleUrl"]);
            Assert.Equal("Url", m.Fields["ArticleUrlResult.ResultList.item.ArticleUrl"]);
        },
        ["event_subscribe_msg_popup.xml"] = xml =>
        {
            var m = AssertEvent(xml, "subscribe_msg_popup_event", WeChatEventTypes.SubscribeMessagePopup,
                "otFpruAK8D-E6EfStSYonYSBZ8_4|1610969440|subscribe_msg_popup_event|");
            Assert.Equal("VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc", m.Fields["SubscribeMsgPopupEvent.List[0].TemplateId"]);
            Assert.Equal("accept", m.Fields["SubscribeMsgPopupEvent.List[0].SubscribeStatusString"]);
            Assert.Equal("reject", m.Fields["SubscribeMsgPopupEvent.List[1].SubscribeStatusString"]);
            Assert.Equal("2", m.Fields["SubscribeMsgPopupEvent.List[1].PopupScene"]);
        },
        ["reply_text.xml"] = xml =>
        {
            var m = WeChatXmlParser.Parse(xml);
            Assert.Equal("text", m.MsgType);
            Assert.Equal("你好", m.Content);
            Assert.Equal(12345678, m.CreateTime);
        },
        ["reply_news.xml"] = xml =>
        {
            var m = WeChatXmlParser.Parse(xml);
            Assert.Equal("news", m.MsgType);
            Assert.Equal("1", m.Fields["ArticleCount"]);
            Assert.Equal("title1", m.Fields["Articles.item.Title"]);
            Assert.Equal("url", m.Fields["Articles.item.Url"]);
        },
        ["encrypted_reply.xml"] = xml =>
        {
            var v = Fixtures.Vector("crypto_vectors", "wechatpy-encrypt-reply");
            var m = WeChatXmlParser.Parse(xml);
            Assert.Equal(v.Text("expected_msg_signature"), m.Fields["MsgSignature"]);
            Assert.True(WeChatSignature.VerifyMessage(v.Text("token"), m.Fields["TimeStamp"], m.Fields["Nonce"], m.Encrypt!, m.Fields["MsgSignature"]));
            var inner = new WeChatMessageCipher(v.Text("encoding_aes_key")).Decrypt(m.Encrypt!, v.Text("receive_id"));
            Assert.Equal("test", WeChatXmlParser.Parse(inner.Message).Content);
        },
        ["encrypted_request_safe_mode.xml"] = xml =>
        {
            var inner = DecryptRequest(xml, "mp-official-csharp-decrypt-safe-mode");
            Assert.Equal("mycreate", inner.FromUserName);
            Assert.Equal("hello", inner.Content);
            Assert.Equal(4561255354251345929, inner.MsgId);
            Assert.Equal("218", inner.Fields["AgentID"]);
            Assert.Equal("4561255354251345929", inner.DedupeKey);
        },
        ["encrypted_request_compat_mode.xml"] = xml =>
        {
            var inner = DecryptRequest(xml, "mp-official-python-decrypt-compat-mode");
            Assert.Equal("abcdteT", inner.Content);
            Assert.Equal(6054768590064713728, inner.MsgId);
            // Compatible mode repeats the fields in clear; they must agree with the encrypted copy.
            var outer = WeChatXmlParser.Parse(xml);
            Assert.Equal(
                inner.Fields.OrderBy(f => f.Key, StringComparer.Ordinal),
                outer.Fields.Where(f => f.Key != "Encrypt").OrderBy(f => f.Key, StringComparer.Ordinal));
        },
        ["negative_billion_laughs.xml"] = AssertDtdRejected,
        ["negative_xxe_doctype.xml"] = AssertDtdRejected,
    };

    [Fact]
    public void Every_fixture_file_has_expectations()
    {
        Assert.Equal(Expectations.Keys.Order(StringComparer.Ordinal), Fixtures.XmlFileNames());
    }

    [Theory]
    [MemberData(nameof(XmlFiles))]
    public void Fixture_parses_as_expected(string fileName)
    {
        Assert.True(Expectations.TryGetValue(fileName, out var expect), $"No expectations written for {fileName}.");
        expect(Fixtures.ReadXml(fileName));
    }

    private static WeChatInboundMessage AssertMessage(string xml, string msgType, string ledgerType, string dedupeKey)
    {
        var m = WeChatXmlParser.Parse(xml);
        Assert.Equal(msgType, m.MsgType);
        Assert.False(m.IsEvent);
        Assert.Null(m.Event);
        Assert.Equal(long.Parse(dedupeKey), m.MsgId);
        Assert.Equal(dedupeKey, m.DedupeKey);
        Assert.Equal(ledgerType, WeChatEventTypes.ForMessage(m));
        Assert.Equal(xml, m.RawXml);
        return m;
    }

    private static WeChatInboundMessage AssertEvent(string xml, string eventName, string ledgerType, string dedupeKey)
    {
        var m = WeChatXmlParser.Parse(xml);
        Assert.Equal("event", m.MsgType);
        Assert.True(m.IsEvent);
        Assert.Equal(eventName, m.Event);
        Assert.Equal(dedupeKey, m.DedupeKey);
        Assert.Equal(ledgerType, WeChatEventTypes.ForMessage(m));
        Assert.Equal(eventName, m.Fields["Event"]);
        return m;
    }

    private static WeChatInboundMessage DecryptRequest(string xml, string vectorId)
    {
        var v = Fixtures.Vector("crypto_vectors", vectorId);
        var query = v.Child("query");
        var envelope = WeChatEncryptedEnvelope.Parse(xml);
        Assert.True(WeChatSignature.VerifyMessage(v.Text("token"), query.Text("timestamp"), query.Text("nonce"), envelope.Encrypt, query.Text("msg_signature")));
        var decrypted = new WeChatMessageCipher(v.Text("encoding_aes_key")).Decrypt(envelope.Encrypt, v.Text("receive_id"));
        Assert.Equal(v.Text("expected_plaintext"), decrypted.Message);
        return WeChatXmlParser.Parse(decrypted.Message);
    }

    private static void AssertDtdRejected(string xml)
    {
        var ex = Assert.Throws<WeChatXmlException>(() => WeChatXmlParser.Parse(xml));
        Assert.Equal(WeChatXmlError.DtdProhibited, ex.Error);
        Assert.Throws<WeChatXmlException>(() => WeChatEncryptedEnvelope.Parse(xml));
    }
}
