using System.Globalization;
using Lianjie.Followers.Models;
using Lianjie.Followers.Reactors;
using Lianjie.Followers.Search;
using Lianjie.Followers.Services;

namespace Lianjie.Followers.Admin;

/// <summary>The columns a user can choose for the follower list, and how each cell is shown (masked or not).</summary>
internal static class FollowerListColumns
{
    public const string CookieName = "lj-follower-cols";

    public static readonly IReadOnlyList<(string Key, string Label)> All =
    [
        ("nickname", "Nickname"),
        ("openid", "OpenID"),
        ("phone", "Phone"),
        ("city", "City"),
        ("tags", "Tags"),
        ("subscribed", "Subscribed"),
        ("source", "Source"),
        ("firstSeen", "First seen"),
        ("lastSeen", "Last active"),
        ("purchases", "Purchases"),
    ];

    public static readonly IReadOnlyList<string> Default = ["nickname", "openid", "phone", "tags", "subscribed", "lastSeen"];

    public static IReadOnlyList<string> Parse(string? value)
    {
        var chosen = (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(k => All.Any(c => c.Key == k)).Distinct().ToList();
        return chosen.Count == 0 ? Default : chosen;
    }

    /// <summary>The cell text; dates stay DateTime so the view can show them with local_time.</summary>
    public static object? Cell(FollowerRecord f, string key, bool masked)
    {
        var profile = FollowerSearchDocuments.ProfileFields(f.Profile);
        return key switch
        {
            "nickname" => masked ? PersonalDataMask.Name(f.Nickname) : f.Nickname,
            "openid" => f.OpenId,
            "phone" => Profile(profile, PersonalDataMask.PhoneFields) is { } phone ? (masked ? PersonalDataMask.Phone(phone) : phone) : null,
            "city" => profile.GetValueOrDefault("city") ?? profile.GetValueOrDefault("城市"),
            "tags" => string.Join(", ", TagSet.Parse(f.Tags)),
            "subscribed" => f.Subscribed ? "✓" : "—",
            "source" => f.FirstSource,
            "firstSeen" => f.FirstSeenUtc,
            "lastSeen" => f.LastSeenUtc,
            "purchases" => f.PurchaseAmount.ToString("0.00", CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    private static string? Profile(Dictionary<string, string> profile, IReadOnlySet<string> names) =>
        profile.FirstOrDefault(p => names.Contains(p.Key)).Value;
}
