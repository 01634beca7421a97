using System.Globalization;
using System.Text;
using System.Xml;
using Lianjie.WeChat.Crypto;

namespace Lianjie.WeChat.Messages;

/// <summary>
/// Writes passive replies (the XML returned in the callback response) and the encrypted reply
/// envelope. Layout follows the fixture samples; WeChat itself ignores the whitespace.
/// </summary>
public static class WeChatReplyWriter
{
    /// <summary>WeChat shows at most 8 articles in one news reply (1 when answering a user's message).</summary>
    public const int MaxNewsArticles = 8;

    public static string Text(string toUserName, string fromUserName, long createTime, string content)
    {
        var xml = Start(toUserName, fromUserName, createTime, "text");
        xml.Append("    <Content>").AppendCData(content).Append("</Content>\n");
        return xml.Append("</xml>").ToString();
    }

    public static string News(string toUserName, string fromUserName, long createTime, IReadOnlyList<WeChatNewsArticle> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        if (articles.Count is < 1 or > MaxNewsArticles)
            throw new ArgumentException($"A news reply needs 1..{MaxNewsArticles} articles, got {articles.Count}.", nameof(articles));

        var xml = Start(toUserName, fromUserName, createTime, "news");
        xml.Append(CultureInfo.InvariantCulture, $"    <ArticleCount>{articles.Count}</ArticleCount>\n");
        xml.Append("    <Articles>\n");
        foreach (var article in articles)
        {
            xml.Append("        <item>\n");
            xml.Append("            <Title>").AppendCData(article.Title).Append("</Title>\n");
            xml.Append("            <Description>").AppendCData(article.Description).Append("</Description>\n");
            xml.Append("            <PicUrl>").AppendCData(article.PicUrl).Append("</PicUrl>\n");
            xml.Append("            <Url>").AppendCData(article.Url).Append("</Url>\n");
            xml.Append("        </item>\n");
        }
        xml.Append("    </Articles>\n");
        return xml.Append("</xml>").ToString();
    }

    /// <summary>The envelope returned instead of the plain reply when the account uses safe mode.</summary>
    public static string EncryptedEnvelope(string encrypt, string msgSignature, long timestamp, string nonce)
    {
        var xml = new StringBuilder("<xml>\n");
        xml.Append("<Encrypt>").AppendCData(encrypt).Append("</Encrypt>\n");
        xml.Append("<MsgSignature>").AppendCData(msgSignature).Append("</MsgSignature>\n");
        xml.Append(CultureInfo.InvariantCulture, $"<TimeStamp>{timestamp}</TimeStamp>\n");
        xml.Append("<Nonce>").AppendCData(nonce).Append("</Nonce>\n");
        return xml.Append("</xml>").ToString();
    }

    /// <summary>Encrypts <paramref name="replyXml"/>, signs it and wraps it in the reply envelope.</summary>
    public static string Encrypted(string replyXml, WeChatMessageCipher cipher, string token, string appId, long timestamp, string nonce)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        var encrypt = cipher.Encrypt(replyXml, appId);
        var stamp = timestamp.ToString(CultureInfo.InvariantCulture);
        var signature = WeChatSignature.ForMessage(token, stamp, nonce, encrypt);
        return EncryptedEnvelope(encrypt, signature, timestamp, nonce);
    }

    private static StringBuilder Start(string toUserName, string fromUserName, long createTime, string msgType)
    {
        var xml = new StringBuilder("<xml>\n");
        xml.Append("    <ToUserName>").AppendCData(toUserName).Append("</ToUserName>\n");
        xml.Append("    <FromUserName>").AppendCData(fromUserName).Append("</FromUserName>\n");
        xml.Append(CultureInfo.InvariantCulture, $"    <CreateTime>{createTime}</CreateTime>\n");
        xml.Append("    <MsgType>").AppendCData(msgType).Append("</MsgType>\n");
        return xml;
    }

    /// <summary>
    /// Appends text as CDATA. "]]>" is split across two sections and characters XML cannot carry
    /// (e.g. stray control codes from user input) are dropped so the reply always parses.
    /// </summary>
    private static StringBuilder AppendCData(this StringBuilder xml, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        xml.Append("<![CDATA[");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                xml.Append(c).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                xml.Append(c);
                if (c == '>' && i >= 2 && text[i - 1] == ']' && text[i - 2] == ']')
                    xml.Insert(xml.Length - 1, "]]><![CDATA[");
            }
        }
        return xml.Append("]]>");
    }
}
