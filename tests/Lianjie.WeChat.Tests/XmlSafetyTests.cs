using System.Text;
using Lianjie.WeChat.Messages;

namespace Lianjie.WeChat.Tests;

/// <summary>Hostile, oversized and malformed bodies are refused with a specific reason.</summary>
public sealed class XmlSafetyTests
{
    private static WeChatXmlError ParseError(string xml) =>
        Assert.Throws<WeChatXmlException>(() => WeChatXmlParser.Parse(xml)).Error;

    private static string TextMessageWithContent(string content) =>
        $"<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>7</MsgId></xml>";

    [Fact]
    public void Body_over_64_KB_is_rejected()
    {
        var xml = TextMessageWithContent(new string('a', WeChatXmlParser.MaxBodyBytes));
        Assert.Equal(WeChatXmlError.BodyTooLarge, ParseError(xml));
    }

    [Fact]
    public void Size_limit_counts_utf8_bytes_not_characters()
    {
        // 22,000 CJK characters are ~66 KB of UTF-8 although fewer than 64K chars.
        var xml = TextMessageWithContent(new string('中', 22_000));
        Assert.True(xml.Length < WeChatXmlParser.MaxBodyBytes);
        Assert.Equal(WeChatXmlError.BodyTooLarge, ParseError(xml));
    }

    [Fact]
    public void Body_just_under_the_limit_is_accepted()
    {
        var padding = WeChatXmlParser.MaxBodyBytes - Encoding.UTF8.GetByteCount(TextMessageWithContent(""));
        var message = WeChatXmlParser.Parse(TextMessageWithContent(new string('a', padding)));
        Assert.Equal(padding, message.Content!.Length);
    }

    [Fact]
    public void EnsureBodySize_checks_the_boundary()
    {
        WeChatXmlParser.EnsureBodySize(WeChatXmlParser.MaxBodyBytes);
        var ex = Assert.Throws<WeChatXmlException>(() => WeChatXmlParser.EnsureBodySize(WeChatXmlParser.MaxBodyBytes + 1));
        Assert.Equal(WeChatXmlError.BodyTooLarge, ex.Error);
    }

    [Fact]
    public async Task ReadBodyAsync_stops_at_the_limit()
    {
        using var big = new MemoryStream(new byte[WeChatXmlParser.MaxBodyBytes + 10]);
        var ex = await Assert.ThrowsAsync<WeChatXmlException>(() => WeChatXmlParser.ReadBodyAsync(big));
        Assert.Equal(WeChatXmlError.BodyTooLarge, ex.Error);

        var bom = new byte[] { 0xEF, 0xBB, 0xBF };
        using var small = new MemoryStream([.. bom, .. Encoding.UTF8.GetBytes(TextMessageWithContent("你好"))]);
        var body = await WeChatXmlParser.ReadBodyAsync(small);
        Assert.Equal("你好", WeChatXmlParser.Parse(body).Content);
    }

    [Theory]
    [InlineData("<xml><ToUserName>a</ToUserName>")]
    [InlineData("<xml><a></b></xml>")]
    [InlineData("not xml at all")]
    [InlineData("")]
    [InlineData("<xml></xml><xml></xml>")]
    [InlineData("<xml><Content>&bogus;</Content></xml>")]
    public void Malformed_xml_is_rejected(string xml)
    {
        Assert.Equal(WeChatXmlError.Malformed, ParseError(xml));
    }

    [Fact]
    public void Doctype_without_entities_is_still_rejected()
    {
        Assert.Equal(WeChatXmlError.DtdProhibited, ParseError("<!DOCTYPE xml><xml><MsgType>text</MsgType></xml>"));
    }

    [Fact]
    public void Harmless_internal_entity_is_still_rejected()
    {
        // Would parse fine if DTDs were merely limited rather than prohibited.
        Assert.Equal(WeChatXmlError.DtdProhibited,
            ParseError("<!DOCTYPE xml [<!ENTITY n \"x\">]><xml><MsgType>text</MsgType><Content>&n;</Content></xml>"));
    }

    [Fact]
    public void Unexpected_root_is_rejected()
    {
        Assert.Equal(WeChatXmlError.UnexpectedRoot, ParseError("<root><MsgType>text</MsgType></root>"));
    }

    [Theory]
    [InlineData("<xml><CreateTime>yesterday</CreateTime></xml>")]
    [InlineData("<xml><CreateTime>1</CreateTime><MsgId>12ab</MsgId></xml>")]
    public void Non_numeric_create_time_or_msg_id_is_rejected(string xml)
    {
        Assert.Equal(WeChatXmlError.InvalidValue, ParseError(xml));
    }

    [Fact]
    public void Envelope_without_encrypt_is_rejected()
    {
        var ex = Assert.Throws<WeChatXmlException>(() => WeChatEncryptedEnvelope.Parse("<xml><ToUserName>gh</ToUserName></xml>"));
        Assert.Equal(WeChatXmlError.MissingElement, ex.Error);
    }

    [Fact]
    public void Unknown_elements_are_kept_raw()
    {
        var m = WeChatXmlParser.Parse("<xml><MsgType>event</MsgType><Event>brand_new</Event><Extra><Deep>v</Deep></Extra></xml>");
        Assert.Equal("v", m.Fields["Extra.Deep"]);
        Assert.Equal(WeChatEventTypes.Unknown, WeChatEventTypes.ForMessage(m));
    }
}
