using Lianjie.Followers.Import;

namespace Lianjie.Followers.Tests.Import;

public class ColumnMapTests
{
    [Fact]
    public void English_headers_map_case_insensitively_and_trimmed()
    {
        var map = FollowerColumnMap.FromHeader([" OpenID ", "UnionId", "NickName", "REMARK", "Tags", "Subscribed", "subscribe_time"]);

        Assert.Equal(
            [FollowerField.OpenId, FollowerField.UnionId, FollowerField.Nickname, FollowerField.Remark, FollowerField.Tags, FollowerField.Subscribed, FollowerField.SubscribeTime],
            map.Columns.Select(c => c.Field));
    }

    [Fact]
    public void Chinese_headers_map_to_their_fields()
    {
        var map = FollowerColumnMap.FromHeader(["openid", "昵称", "备注", "标签", "关注状态", "关注时间"]);

        Assert.Equal(1, map.ColumnFor(FollowerField.Nickname)!.Index);
        Assert.Equal(2, map.ColumnFor(FollowerField.Remark)!.Index);
        Assert.Equal(3, map.ColumnFor(FollowerField.Tags)!.Index);
        Assert.Equal(4, map.ColumnFor(FollowerField.Subscribed)!.Index);
        Assert.Equal(5, map.ColumnFor(FollowerField.SubscribeTime)!.Index);
    }

    [Fact]
    public void Other_headers_become_profile_fields_and_blank_headers_are_ignored()
    {
        var map = FollowerColumnMap.FromHeader(["openid", "手机", "", "City"]);

        Assert.Equal(["手机", "City"], map.ProfileColumns.Select(c => c.ProfileName));
        Assert.Equal(FollowerField.Ignore, map.Columns[2].Field);
    }

    [Fact]
    public void Explicit_map_overrides_the_automatic_guess()
    {
        var map = FollowerColumnMap.FromHeader(["用户ID", "手机", "Tag list", "nickname"], ["用户ID=openid", "手机=phone", "Tag list=tags", "nickname=-"]);

        Assert.Equal(0, map.ColumnFor(FollowerField.OpenId)!.Index);
        Assert.Equal(2, map.ColumnFor(FollowerField.Tags)!.Index);
        Assert.Null(map.ColumnFor(FollowerField.Nickname));
        Assert.Equal("phone", Assert.Single(map.ProfileColumns).ProfileName);
    }

    [Fact]
    public void Explicit_field_wins_over_a_column_that_only_looked_like_it()
    {
        var map = FollowerColumnMap.FromHeader(["openid", "real openid"], ["real openid=openid"]);

        Assert.Equal(1, map.ColumnFor(FollowerField.OpenId)!.Index);
        Assert.Equal(FollowerField.Ignore, map.Columns[0].Field);
    }

    [Fact]
    public void Mapping_errors_are_explained()
    {
        Assert.Contains("'手机'", Assert.Throws<FollowerImportException>(() => FollowerColumnMap.FromHeader(["openid"], ["手机=phone"])).Message);
        Assert.Contains("no openid or unionid", Assert.Throws<FollowerImportException>(() => FollowerColumnMap.FromHeader(["昵称"])).Message);
        Assert.Contains("'nickname' and '昵称'", Assert.Throws<FollowerImportException>(() => FollowerColumnMap.FromHeader(["openid", "nickname", "昵称"])).Message);
        Assert.Throws<FollowerImportException>(() => ColumnMapping.Parse("no-equals-sign"));
    }

    [Fact]
    public void Mapping_text_splits_at_the_last_equals_sign()
    {
        Assert.Equal(new ColumnMapping("a=b", "phone"), ColumnMapping.Parse(" a=b = phone "));
    }
}
