using System.Globalization;

namespace Lianjie.WeChat.Messages;

/// <summary>
/// A message or event pushed to the callback URL. Well-known elements are typed properties;
/// <see cref="Fields"/> keeps every element (nested ones as dotted paths) so new event types
/// are stored raw rather than dropped.
/// </summary>
public sealed class WeChatInboundMessage
{
    private const string QrScenePrefix = "qrscene_";

    public required string ToUserName { get; init; }
    public required string FromUserName { get; init; }
    public long CreateTime { get; init; }
    public required string MsgType { get; init; }
    /// <summary>Only the &lt;MsgId&gt; of normal messages; job-finish events' &lt;MsgID&gt; stays in <see cref="Fields"/>.</summary>
    public long? MsgId { get; init; }
    public string? Event { get; init; }
    public string? EventKey { get; init; }
    public string? Ticket { get; init; }
    public string? Content { get; init; }
    public string? PicUrl { get; init; }
    public string? MediaId { get; init; }
    public string? Format { get; init; }
    public string? Recognition { get; init; }
    public string? ThumbMediaId { get; init; }
    /// <summary>&lt;Location_X&gt; (latitude) of a location message.</summary>
    public decimal? LocationX { get; init; }
    /// <summary>&lt;Location_Y&gt; (longitude) of a location message.</summary>
    public decimal? LocationY { get; init; }
    public int? Scale { get; init; }
    public string? Label { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Url { get; init; }
    public decimal? Latitude { get; init; }
    public decimal? Longitude { get; init; }
    public decimal? Precision { get; init; }
    public string? Status { get; init; }
    public string? Encrypt { get; init; }
    public required IReadOnlyDictionary<string, string> Fields { get; init; }
    public required string RawXml { get; init; }

    public bool IsEvent => string.Equals(MsgType, "event", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// QR-code scene for attribution: "qrscene_123" on a first subscribe becomes "123";
    /// a SCAN by an existing follower carries the scene as-is. Null for anything else.
    /// </summary>
    public string? SceneFromEventKey
    {
        get
        {
            if (string.IsNullOrEmpty(EventKey))
                return null;
            if (string.Equals(Event, "subscribe", StringComparison.OrdinalIgnoreCase))
                return EventKey.StartsWith(QrScenePrefix, StringComparison.Ordinal) ? EventKey[QrScenePrefix.Length..] : null;
            return string.Equals(Event, "SCAN", StringComparison.OrdinalIgnoreCase) ? EventKey : null;
        }
    }

    /// <summary>
    /// Key for dropping WeChat's retries (it re-posts up to 3 times when we are slow): MsgId for
    /// messages, FromUserName|CreateTime|Event|EventKey for events, as the WeChat docs advise.
    /// </summary>
    public string DedupeKey => MsgId is { } id
        ? id.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{FromUserName}|{CreateTime}|{Event}|{EventKey}");

    internal static WeChatInboundMessage FromFields(IReadOnlyDictionary<string, string> fields, string rawXml)
    {
        string? Text(string name) => fields.TryGetValue(name, out var value) ? value : null;

        return new WeChatInboundMessage
        {
            ToUserName = Text("ToUserName") ?? "",
            FromUserName = Text("FromUserName") ?? "",
            CreateTime = ParseRequiredLong(Text("CreateTime"), "CreateTime") ?? 0,
            MsgType = Text("MsgType") ?? "",
            MsgId = ParseRequiredLong(Text("MsgId"), "MsgId"),
            Event = Text("Event"),
            EventKey = Text("EventKey"),
            Ticket = Text("Ticket"),
            Content = Text("Content"),
            PicUrl = Text("PicUrl"),
            MediaId = Text("MediaId"),
            Format = Text("Format"),
            Recognition = Text("Recognition"),
            ThumbMediaId = Text("ThumbMediaId"),
            LocationX = ParseDecimal(Text("Location_X")),
            LocationY = ParseDecimal(Text("Location_Y")),
            Scale = int.TryParse(Text("Scale"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var scale) ? scale : null,
            Label = Text("Label"),
            Title = Text("Title"),
            Description = Text("Description"),
            Url = Text("Url"),
            Latitude = ParseDecimal(Text("Latitude")),
            Longitude = ParseDecimal(Text("Longitude")),
            Precision = ParseDecimal(Text("Precision")),
            Status = Text("Status"),
            Encrypt = Text("Encrypt"),
            Fields = fields,
            RawXml = rawXml,
        };
    }

    // CreateTime and MsgId drive dedupe and ordering, so garbage there is an error, not a null.
    private static long? ParseRequiredLong(string? text, string element)
    {
        if (text is null)
            return null;
        if (long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            return value;
        throw new WeChatXmlException(WeChatXmlError.InvalidValue, $"<{element}> is not an integer: '{text}'.");
    }

    // Coordinates are informational; an odd format leaves the raw text in Fields instead of failing the callback.
    private static decimal? ParseDecimal(string? text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
