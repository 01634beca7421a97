using System.Text.Json;
using Lianjie.Followers.Models;
using Lianjie.Followers.Reactors;
using Lianjie.Followers.Search;

namespace Lianjie.Followers.Services;

public sealed record FollowerCounters(int Reads, int Shares, int Registrations, int Purchases, decimal PurchaseAmount);

/// <summary>A follower as the API shows it.</summary>
public sealed record FollowerDto(
    long Id,
    string OpenId,
    string? UnionId,
    string AppId,
    string? Nickname,
    bool Subscribed,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Profile,
    string? FirstSource,
    DateTime LastSeenUtc,
    FollowerCounters Counters,
    bool AutomationOptOut)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static FollowerDto From(FollowerRecord f, bool masked)
    {
        var profile = FollowerSearchDocuments.ProfileFields(f.Profile);
        return new FollowerDto(
            f.Id,
            f.OpenId,
            f.UnionId,
            f.AccountId,
            masked ? PersonalDataMask.Name(f.Nickname) : f.Nickname,
            f.Subscribed,
            TagSet.Parse(f.Tags).ToList(),
            masked ? PersonalDataMask.Profile(profile) : profile,
            f.FirstSource,
            DateTime.SpecifyKind(f.LastSeenUtc, DateTimeKind.Utc),
            new FollowerCounters(f.Reads, f.Shares, f.Registrations, f.Purchases, f.PurchaseAmount),
            f.AutomationOptOut);
    }
}

public sealed record FollowerPage(IReadOnlyList<FollowerDto> Items, int Total);
