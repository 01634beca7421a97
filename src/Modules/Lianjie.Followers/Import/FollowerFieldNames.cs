namespace Lianjie.Followers.Import;

/// <summary>Recognised header names for the built-in fields, English and Chinese.</summary>
internal static class FollowerFieldNames
{
    private static readonly Dictionary<string, FollowerField> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["openid"] = FollowerField.OpenId,
        ["用户openid"] = FollowerField.OpenId,
        ["unionid"] = FollowerField.UnionId,
        ["nickname"] = FollowerField.Nickname,
        ["昵称"] = FollowerField.Nickname,
        ["用户昵称"] = FollowerField.Nickname,
        ["remark"] = FollowerField.Remark,
        ["备注"] = FollowerField.Remark,
        ["备注名"] = FollowerField.Remark,
        ["tags"] = FollowerField.Tags,
        ["tag"] = FollowerField.Tags,
        ["标签"] = FollowerField.Tags,
        ["subscribed"] = FollowerField.Subscribed,
        ["subscribe"] = FollowerField.Subscribed,
        ["关注状态"] = FollowerField.Subscribed,
        ["是否关注"] = FollowerField.Subscribed,
        ["subscribetime"] = FollowerField.SubscribeTime,
        ["关注时间"] = FollowerField.SubscribeTime,
        ["-"] = FollowerField.Ignore,
        ["ignore"] = FollowerField.Ignore,
    };

    /// <summary>The field a header or map target names, or null when it is a profile field name.</summary>
    public static FollowerField? Find(string name) =>
        ByName.TryGetValue(Normalise(name), out var field) ? field : null;

    /// <summary>The canonical name used in messages ("openid", "subscribeTime").</summary>
    public static string Display(FollowerField field) => field switch
    {
        FollowerField.OpenId => "openid",
        FollowerField.UnionId => "unionid",
        FollowerField.Nickname => "nickname",
        FollowerField.Remark => "remark",
        FollowerField.Tags => "tags",
        FollowerField.Subscribed => "subscribed",
        FollowerField.SubscribeTime => "subscribeTime",
        _ => field.ToString(),
    };

    // "Open ID", "open_id" and "subscribe-time" all mean the same thing to a person.
    private static string Normalise(string name)
    {
        var trimmed = name.Trim();
        return trimmed == "-" ? trimmed : string.Concat(trimmed.Where(c => c is not (' ' or '_' or '-' or '\u3000')));
    }
}
