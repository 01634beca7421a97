namespace Lianjie.WeChat.Messages;

/// <summary>
/// The outer body of an encrypted (safe or compatible mode) callback. In compatible mode the
/// body also carries plaintext copies of the fields; only <see cref="Encrypt"/> is trusted.
/// </summary>
public sealed record WeChatEncryptedEnvelope(string ToUserName, string Encrypt)
{
    public static WeChatEncryptedEnvelope Parse(string xml)
    {
        var fields = WeChatXmlParser.ReadFields(xml);
        if (!fields.TryGetValue("Encrypt", out var encrypt) || string.IsNullOrWhiteSpace(encrypt))
            throw new WeChatXmlException(WeChatXmlError.MissingElement, "Encrypted callback has no <Encrypt> element.");
        return new WeChatEncryptedEnvelope(fields.GetValueOrDefault("ToUserName") ?? "", encrypt.Trim());
    }
}
