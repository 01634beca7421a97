using System.Text.Json;
using System.Text.Json.Nodes;
using Lianjie.Followers.Models;
using Lianjie.Followers.Reactors;
using Lianjie.Search.Index;

namespace Lianjie.Followers.Search;

/// <summary>Maps a follower row to what the search index stores.</summary>
internal static class FollowerSearchDocuments
{
    public static FollowerSearchDocument From(FollowerRecord f) => new(
        f.Id,
        f.OpenId,
        f.UnionId,
        f.Nickname,
        f.Remark,
        TagSet.Parse(f.Tags).ToList(),
        ProfileFields(f.Profile),
        f.Subscribed,
        new DateTimeOffset(DateTime.SpecifyKind(f.LastSeenUtc, DateTimeKind.Utc)));

    public static Dictionary<string, string> ProfileFields(string profileJson)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonNode.Parse(string.IsNullOrWhiteSpace(profileJson) ? "{}" : profileJson) is not JsonObject profile)
        {
            return fields;
        }

        foreach (var (name, value) in profile)
        {
            if (value is JsonValue v)
            {
                fields[name] = v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
            }
        }

        return fields;
    }
}
