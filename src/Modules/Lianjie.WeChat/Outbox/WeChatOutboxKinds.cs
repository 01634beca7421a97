namespace Lianjie.WeChat.Outbox;

/// <summary>What the outbox knows how to send, and the payload each kind carries.</summary>
public static class WeChatOutboxKinds
{
    /// <summary>{ "tagId": 134, "openIds": [...] } — any number of openids, sent 50 per call.</summary>
    public const string Tag = "tags.tag";

    /// <summary>{ "tagId": 134, "openIds": [...] }</summary>
    public const string Untag = "tags.untag";

    /// <summary>The body of /cgi-bin/message/custom/send.</summary>
    public const string CustomMessage = "message.custom";

    /// <summary>The body of /cgi-bin/message/template/send.</summary>
    public const string TemplateMessage = "message.template";

    /// <summary>The body of /cgi-bin/message/mass/sendall (add "clientmsgid" so WeChat drops duplicates).</summary>
    public const string MassMessage = "message.mass";

    /// <summary>The body of /cgi-bin/menu/create.</summary>
    public const string Menu = "menu.create";

    /// <summary>/cgi-bin/menu/delete (a GET without body; the payload is {}).</summary>
    public const string MenuDelete = "menu.delete";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Tag, Untag, CustomMessage, TemplateMessage, MassMessage, Menu, MenuDelete };
}
