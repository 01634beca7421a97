using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Index;

namespace Lianjie.Search.Index;

/// <summary>Field names of the follower index and the mapping from <see cref="FollowerSearchDocument"/>.</summary>
internal static class FollowerIndexFields
{
    /// <summary>Exact follower id, the term an upsert replaces by.</summary>
    public const string Id = "id";

    /// <summary>Follower id as doc values, read back for hits without loading stored fields.</summary>
    public const string IdValue = "id_dv";

    public const string OpenId = "openid";
    public const string UnionId = "unionid";
    public const string Tag = "tag";
    public const string Subscribed = "subscribed";
    public const string LastActive = "last_active";

    /// <summary>Analyzed nickname alone, so name hits can rank above remark/profile hits.</summary>
    public const string Nickname = "nick";

    /// <summary>Analyzed catch-all: nickname, remark, profile field values and tags.</summary>
    public const string AllText = "all";

    public const string SubscribedYes = "1";
    public const string SubscribedNo = "0";

    // Followers never seen active sort after everyone else when sorting newest first.
    public const long NeverActive = long.MinValue;

    public static Term IdTerm(long followerId) => new(Id, followerId.ToString(CultureInfo.InvariantCulture));

    public static Document ToLucene(FollowerSearchDocument follower)
    {
        ArgumentNullException.ThrowIfNull(follower);
        var doc = new Document
        {
            new StringField(Id, follower.FollowerId.ToString(CultureInfo.InvariantCulture), Field.Store.NO),
            new NumericDocValuesField(IdValue, follower.FollowerId),
            new StringField(OpenId, follower.OpenId, Field.Store.NO),
            new StringField(Subscribed, follower.Subscribed ? SubscribedYes : SubscribedNo, Field.Store.NO),
            new NumericDocValuesField(LastActive, follower.LastActiveUtc?.UtcTicks ?? NeverActive),
        };

        if (!string.IsNullOrEmpty(follower.UnionId))
            doc.Add(new StringField(UnionId, follower.UnionId, Field.Store.NO));

        AddText(doc, Nickname, follower.Nickname);
        AddText(doc, AllText, follower.Nickname);
        AddText(doc, AllText, follower.Remark);

        foreach (var value in follower.ProfileFields.Values)
            AddText(doc, AllText, value);

        foreach (var tag in follower.Tags)
        {
            if (string.IsNullOrEmpty(tag))
                continue;
            doc.Add(new StringField(Tag, tag, Field.Store.NO));
            AddText(doc, AllText, tag);
        }

        return doc;
    }

    private static void AddText(Document doc, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
            doc.Add(new TextField(field, value, Field.Store.NO));
    }
}
