using System.Globalization;
using System.Text;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Crypto;
using Lianjie.WeChat.Messages;

namespace Lianjie.WeChat.Callback;

/// <summary>
/// Builds a callback exactly as the WeChat platform sends it: signed query string and, for
/// compatible and safe modes, the AES envelope. Used by the simulator's phone and by tests.
/// </summary>
public static class WeChatCallbackComposer
{
    public sealed record ComposedCallback(string PathAndQuery, string Body);

    public static ComposedCallback Compose(WeChatAccountKeys account, string messageXml, long timestamp, string nonce)
    {
        var stamp = timestamp.ToString(CultureInfo.InvariantCulture);
        var query = new StringBuilder($"/wechat/{Uri.EscapeDataString(account.AppId)}?signature={WeChatSignature.ForCallback(account.Token, stamp, nonce)}&timestamp={stamp}&nonce={Uri.EscapeDataString(nonce)}");
        if (account.MessageMode == WeChatMessageMode.Plain || account.EncodingAesKey is null)
        {
            return new ComposedCallback(query.ToString(), messageXml);
        }

        var encrypt = new WeChatMessageCipher(account.EncodingAesKey).Encrypt(messageXml, account.AppId);
        query.Append(CultureInfo.InvariantCulture, $"&encrypt_type=aes&msg_signature={WeChatSignature.ForMessage(account.Token, stamp, nonce, encrypt)}");
        var body = account.MessageMode == WeChatMessageMode.Safe
            ? $"<xml>\n<ToUserName><![CDATA[{ToUser(messageXml)}]]></ToUserName>\n<Encrypt><![CDATA[{encrypt}]]></Encrypt>\n</xml>"
            // Compatible mode carries the plaintext fields beside the ciphertext.
            : messageXml.Replace("</xml>", $"<Encrypt><![CDATA[{encrypt}]]></Encrypt>\n</xml>", StringComparison.Ordinal);
        return new ComposedCallback(query.ToString(), body);
    }

    /// <summary>The GET verification WeChat sends when the URL is saved in its console.</summary>
    public static string ComposeVerification(WeChatAccountKeys account, string echo, long timestamp, string nonce)
    {
        var stamp = timestamp.ToString(CultureInfo.InvariantCulture);
        return $"/wechat/{Uri.EscapeDataString(account.AppId)}?signature={WeChatSignature.ForCallback(account.Token, stamp, nonce)}&timestamp={stamp}&nonce={Uri.EscapeDataString(nonce)}&echostr={Uri.EscapeDataString(echo)}";
    }

    /// <summary>A user event (subscribe, unsubscribe, SCAN, CLICK, VIEW …) as WeChat writes it.</summary>
    public static string EventXml(string toUser, string openId, long createTime, string eventName, string? eventKey = null, string? ticket = null)
    {
        var xml = new StringBuilder("<xml>\n");
        Element(xml, "ToUserName", toUser);
        Element(xml, "FromUserName", openId);
        xml.Append(CultureInfo.InvariantCulture, $"<CreateTime>{createTime}</CreateTime>\n");
        Element(xml, "MsgType", "event");
        Element(xml, "Event", eventName);
        if (eventKey is not null)
        {
            Element(xml, "EventKey", eventKey);
        }

        if (ticket is not null)
        {
            Element(xml, "Ticket", ticket);
        }

        return xml.Append("</xml>").ToString();
    }

    public static string TextXml(string toUser, string openId, long createTime, string content, long msgId)
    {
        var xml = new StringBuilder("<xml>\n");
        Element(xml, "ToUserName", toUser);
        Element(xml, "FromUserName", openId);
        xml.Append(CultureInfo.InvariantCulture, $"<CreateTime>{createTime}</CreateTime>\n");
        Element(xml, "MsgType", "text");
        Element(xml, "Content", content);
        xml.Append(CultureInfo.InvariantCulture, $"<MsgId>{msgId}</MsgId>\n");
        return xml.Append("</xml>").ToString();
    }

    private static void Element(StringBuilder xml, string name, string value) =>
        xml.Append('<').Append(name).Append("><![CDATA[").Append(value.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal)).Append("]]></").Append(name).Append(">\n");

    private static string ToUser(string messageXml)
    {
        try
        {
            return WeChatXmlParser.Parse(messageXml).ToUserName;
        }
        catch (WeChatXmlException)
        {
            return string.Empty;
        }
    }
}
