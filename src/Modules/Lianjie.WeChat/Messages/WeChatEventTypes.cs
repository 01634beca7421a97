namespace Lianjie.WeChat.Messages;

/// <summary>
/// Canonical ledger event types for inbound WeChat callbacks. WeChat mixes cases
/// ("subscribe", "SCAN", "scancode_push"), so matching is case-insensitive. Anything not
/// listed maps to <see cref="Unknown"/>; its raw fields are still stored with the event.
/// </summary>
public static class WeChatEventTypes
{
    public const string Subscribe = "wechat.subscribe";
    public const string Unsubscribe = "wechat.unsubscribe";
    /// <summary>An existing follower scanned a parametric QR code (Event=SCAN).</summary>
    public const string Scan = "wechat.scan";
    /// <summary>Menu scanner buttons (scancode_push / scancode_waitmsg).</summary>
    public const string ScanCode = "wechat.scan_code";
    public const string Click = "wechat.click";
    public const string View = "wechat.view";
    /// <summary>Periodic location report (Event=LOCATION), not a location message.</summary>
    public const string Location = "wechat.location";
    /// <summary>Any normal user message: text, image, voice, video, shortvideo, location, link.</summary>
    public const string Message = "wechat.message";
    public const string TemplateSendFinished = "wechat.template_send_finished";
    public const string MassSendFinished = "wechat.mass_send_finished";
    public const string SubscribeMessagePopup = "wechat.subscribe_msg_popup";
    public const string Unknown = "wechat.unknown";

    private static readonly HashSet<string> NormalMessageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "text", "image", "voice", "video", "shortvideo", "location", "link",
    };

    private static readonly Dictionary<string, string> EventMap = new(StringComparer.OrdinalIgnoreCase)
    {
        ["subscribe"] = Subscribe,
        ["unsubscribe"] = Unsubscribe,
        ["SCAN"] = Scan,
        ["scancode_push"] = ScanCode,
        ["scancode_waitmsg"] = ScanCode,
        ["CLICK"] = Click,
        ["VIEW"] = View,
        ["LOCATION"] = Location,
        ["TEMPLATESENDJOBFINISH"] = TemplateSendFinished,
        ["MASSSENDJOBFINISH"] = MassSendFinished,
        ["subscribe_msg_popup_event"] = SubscribeMessagePopup,
    };

    public static string ForMessage(WeChatInboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.IsEvent)
            return NormalMessageTypes.Contains(message.MsgType) ? Message : Unknown;
        return message.Event is not null && EventMap.TryGetValue(message.Event, out var type) ? type : Unknown;
    }
}
