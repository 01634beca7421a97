using Lianjie.WeChat.Crypto;
using Lianjie.WeChat.Messages;

namespace Lianjie.WeChat.Tests;

/// <summary>Replies match the fixture layout and survive a parse / decrypt round trip.</summary>
public sealed class ReplyWriterTests
{
    private static string Fixture(string name) => Fixtures.ReadXml(name).ReplaceLineEndings("\n").TrimEnd('\n');

    [Fact]
    public void Text_reply_matches_fixture_and_round_trips()
    {
        var xml = WeChatReplyWriter.Text("toUser", "fromUser", 12345678, "你好");
        Assert.Equal(Fixture("reply_text.xml"), xml);

        var parsed = WeChatXmlParser.Parse(xml);
        Assert.Equal("toUser", parsed.ToUserName);
        Assert.Equal("fromUser", parsed.FromUserName);
        Assert.Equal(12345678, parsed.CreateTime);
        Assert.Equal("text", parsed.MsgType);
        Assert.Equal("你好", parsed.Content);
    }

    [Fact]
    public void News_reply_matches_fixture_and_round_trips()
    {
        var xml = WeChatReplyWriter.News("toUser", "fromUser", 12345678,
            [new WeChatNewsArticle("title1", "description1", "picurl", "url")]);
        Assert.Equal(Fixture("reply_news.xml"), xml);

        var parsed = WeChatXmlParser.Parse(xml);
        Assert.Equal("news", parsed.MsgType);
        Assert.Equal("description1", parsed.Fields["Articles.item.Description"]);
        Assert.Equal("picurl", parsed.Fields["Articles.item.PicUrl"]);
    }

    [Fact]
    public void News_reply_with_several_articles_indexes_items()
    {
        var articles = Enumerable.Range(0, 3).Select(i => new WeChatNewsArticle($"t{i}", "d", "p", $"u{i}")).ToArray();
        var parsed = WeChatXmlParser.Parse(WeChatReplyWriter.News("to", "from", 1, articles));
        Assert.Equal("3", parsed.Fields["ArticleCount"]);
        Assert.Equal("u2", parsed.Fields["Articles.item[2].Url"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void News_reply_rejects_bad_article_count(int count)
    {
        var articles = Enumerable.Repeat(new WeChatNewsArticle("t", "d", "p", "u"), count).ToArray();
        Assert.Throws<ArgumentException>(() => WeChatReplyWriter.News("to", "from", 1, articles));
    }

    [Fact]
    public void Cdata_terminator_and_control_characters_cannot_break_the_reply()
    {
        var hostile = "a]]><MsgType>news</MsgType>\u0001b]]";
        var parsed = WeChatXmlParser.Parse(WeChatReplyWriter.Text("to", "from", 1, hostile));
        Assert.Equal("text", parsed.MsgType);
        Assert.Equal("a]]><MsgType>news</MsgType>b]]", parsed.Content);
    }

    [Fact]
    public void Encrypted_reply_decrypts_back_to_the_inner_reply()
    {
        const string key = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
        const string appId = "wx49f0ab532d5d035a";
        const string token = "123456";
        var inner = WeChatReplyWriter.Text("oUser", "gh_account", 1700000000, "欢迎关注");
        var cipher = new WeChatMessageCipher(key);

        var envelopeXml = WeChatReplyWriter.Encrypted(inner, cipher, token, appId, 1700000001, "nonce42");
        var envelope = WeChatXmlParser.Parse(envelopeXml);

        Assert.Equal("1700000001", envelope.Fields["TimeStamp"]);
        Assert.Equal("nonce42", envelope.Fields["Nonce"]);
        Assert.True(WeChatSignature.VerifyMessage(token, "1700000001", "nonce42", envelope.Encrypt!, envelope.Fields["MsgSignature"]));

        var decrypted = cipher.Decrypt(WeChatEncryptedEnvelope.Parse(envelopeXml).Encrypt, appId);
        Assert.Equal(inner, decrypted.Message);
        Assert.Equal("欢迎关注", WeChatXmlParser.Parse(decrypted.Message).Content);
    }

    [Fact]
    public void Encrypted_reply_fixture_is_reproduced_byte_for_byte()
    {
        var v = Fixtures.Vector("crypto_vectors", "wechatpy-encrypt-reply");
        var cipher = CryptoVectorTests.FixedCipher(v.Text("encoding_aes_key"), v.Text("fixed_random_16B"));
        var xml = WeChatReplyWriter.Encrypted(v.Text("plaintext"), cipher, v.Text("token"), v.Text("receive_id"),
            long.Parse(v.Text("reply_timestamp")), v.Text("reply_nonce"));
        Assert.Equal(Fixture("encrypted_reply.xml"), xml);
    }
}
