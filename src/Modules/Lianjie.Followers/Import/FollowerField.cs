namespace Lianjie.Followers.Import;

/// <summary>What a column feeds. <see cref="Profile"/> columns land in the free-form profile fields.</summary>
public enum FollowerField
{
    Ignore,
    OpenId,
    UnionId,
    Nickname,
    Remark,
    Tags,
    Subscribed,
    SubscribeTime,
    Profile,
}
