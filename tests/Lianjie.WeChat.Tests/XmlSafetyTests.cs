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
    [Fact]
    public void Nesting_deeper_than_wechat_ever_sends_is_rejected_without_walking_it()
    {
        // 9,000 levels fit in 64 KB; walking them recursively could overflow a thread pool thread's stack.
        var depth = 9_000;
        var xml = "<xml>" + string.Concat(Enumerable.Repeat("<a>", depth)) + "v" + string.Concat(Enumerable.Repeat("</a>", depth)) + "</xml>";
        Assert.True(Encoding.UTF8.GetByteCount(xml) <= WeChatXmlParser.MaxBodyBytes);
        var ex = Assert.Throws<WeChatXmlException>(() => WeChatXmlParser.Parse(xml));
        Assert.Equal(WeChatXmlError.Malformed, ex.Error);
        Assert.Contains("deeper than", ex.Message);

        var allowed = "<xml>" + string.Concat(Enumerable.Repeat("<a>", WeChatXmlParser.MaxDepth)) + "v" + string.Concat(Enumerable.Repeat("</a>", WeChatXmlParser.MaxDepth)) + "</xml>";
        Assert.Equal("v", Assert.Single(WeChatXmlParser.ReadFields(allowed)).Value);
    }

    [Fact]
    public void A_leaf_keeps_text_around_cdata_and_an_element_with_children_keeps_only_them()
    {
        var fields = WeChatXmlParser.ReadFields(
            "<xml><Content>前<![CDATA[<b>&中]]>后 &amp; </Content><Empty/><Spaces>  </Spaces><Mixed>lost<Inner>kept</Inner>lost</Mixed></xml>");

        Assert.Equal("前<b>&中后 & ", fields["Content"]);
        Assert.Equal("", fields["Empty"]);
        Assert.Equal("  ", fields["Spaces"]);
        Assert.Equal("kept", fields["Mixed.Inner"]);
        Assert.False(fields.ContainsKey("Mixed"));
        Assert.Equal(4, fields.Count);
    }

    [Fact]
    public void Thousands_of_siblings_are_numbered_too()
    {
        var xml = "<xml>" + string.Concat(Enumerable.Range(0, 3_000).Select(i => $"<I>{i}</I>")) + "<Other>x</Other></xml>";
        var fields = WeChatXmlParser.ReadFields(xml);

        Assert.Equal(3_001, fields.Count);
        Assert.Equal("2999", fields["I[2999]"]);
        Assert.Equal("x", fields["Other"]);
    }

    [Fact]
    public void Siblings_sharing_a_name_are_numbered_and_the_others_are_not()
    {
        var fields = WeChatXmlParser.ReadFields(
            "<xml><List><Id>a</Id><Status>1</Status></List><Other>x</Other><List><Id>b</Id><Status>2</Status></List></xml>");

        Assert.Equal(
            new Dictionary<string, string> { ["List[0].Id"] = "a", ["List[0].Status"] = "1", ["Other"] = "x", ["List[1].Id"] = "b", ["List[1].Status"] = "2" },
            fields);
    }
}
