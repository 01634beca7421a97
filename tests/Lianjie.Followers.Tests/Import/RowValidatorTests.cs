using Lianjie.Followers.Import;

namespace Lianjie.Followers.Tests.Import;

public class RowValidatorTests
{
    private static readonly string[] Header = ["openid", "unionid", "昵称", "备注", "标签", "关注状态", "关注时间", "手机"];

    private static FollowerRowResult Validate(int rowNumber, params string[] cells) =>
        new FollowerRowValidator(FollowerColumnMap.FromHeader(Header)).Validate(new RawRow(rowNumber, cells));

    [Fact]
    public void A_good_row_becomes_a_follower_row()
    {
        var result = Validate(7, " oAbc123 ", "", "张三", "老客户", "VIP、新客户", "是", "2024年3月1日", "13800138000");

        Assert.True(result.IsValid);
        var row = result.Row!;
        Assert.Equal(7, row.RowNumber);
        Assert.Equal("oAbc123", row.OpenId);
        Assert.Null(row.UnionId);
        Assert.Equal("张三", row.Nickname);
        Assert.Equal("老客户", row.Remark);
        Assert.Equal(["VIP", "新客户"], row.Tags);
        Assert.True(row.Subscribed);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.FromHours(8)), row.SubscribeTime);
        Assert.Equal("13800138000", row.ProfileFields["手机"]);
    }

    [Fact]
    public void Unionid_alone_is_enough_and_short_rows_are_padded()
    {
        var result = Validate(2, "", "uXyz");

        Assert.True(result.IsValid);
        Assert.Equal("uXyz", result.Row!.UnionId);
        Assert.Empty(result.Row.Tags);
        Assert.Null(result.Row.Subscribed);
        Assert.Empty(result.Row.ProfileFields);
    }

    [Fact]
    public void Missing_openid_and_unionid_is_an_error_on_the_openid_column()
    {
        var error = Assert.Single(Validate(4, "", "", "张三").Errors);

        Assert.Equal(new ImportRowError(4, "openid", "openid or unionid is required"), error);
    }

    [Theory]
    [InlineData("o abc")]
    [InlineData("o\tabc")]
    public void Openid_with_spaces_is_rejected(string openId)
    {
        var error = Assert.Single(Validate(3, openId).Errors);

        Assert.Equal((3, "openid"), (error.RowNumber, error.Column));
    }

    [Fact]
    public void Overlong_openid_is_rejected()
    {
        var error = Assert.Single(Validate(3, new string('o', 65)).Errors);

        Assert.Contains("64", error.Reason);
    }

    [Fact]
    public void Bad_date_and_bad_boolean_are_both_reported_with_row_column_and_value()
    {
        var errors = Validate(9, "oA", "", "", "", "", "maybe", "2024-13-45").Errors;

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.RowNumber == 9 && e.Column == "关注状态" && e.Reason.Contains("'maybe'"));
        Assert.Contains(errors, e => e.RowNumber == 9 && e.Column == "关注时间" && e.Reason.Contains("'2024-13-45'"));
    }

    [Theory]
    [InlineData("2024-03-01T14:30:00+08:00", "2024-03-01T14:30:00+08:00")]
    [InlineData("2024-03-01T06:30:00Z", "2024-03-01T06:30:00+00:00")]
    [InlineData("2024-03-01T14:30:00.5", "2024-03-01T14:30:00.5+08:00")]
    [InlineData("2024-03-01", "2024-03-01T00:00:00+08:00")]
    [InlineData("2024/3/1", "2024-03-01T00:00:00+08:00")]
    [InlineData("2024-3-1 9:05", "2024-03-01T09:05:00+08:00")]
    [InlineData("2024/3/1 14:30:15", "2024-03-01T14:30:15+08:00")]
    [InlineData("2024年3月1日", "2024-03-01T00:00:00+08:00")]
    [InlineData("45352.5", "2024-03-01T12:00:00+08:00")]
    [InlineData("1709274600", "2024-03-01T06:30:00+00:00")]
    public void Dates_are_accepted_in_common_forms(string text, string expected)
    {
        Assert.True(FollowerValueParser.TryParseDate(text, TimeSpan.FromHours(8), out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset, value.Offset);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2024-02-30")]
    [InlineData("3/1/2024")]
    [InlineData("-5")]
    public void Non_dates_are_refused(string text)
    {
        Assert.False(FollowerValueParser.TryParseDate(text, TimeSpan.Zero, out _));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("FALSE", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("是", true)]
    [InlineData("否", false)]
    [InlineData("Yes", true)]
    [InlineData("no", false)]
    public void Booleans_are_accepted_in_english_chinese_and_digits(string text, bool expected)
    {
        Assert.True(FollowerValueParser.TryParseBoolean(text, out var value));
        Assert.Equal(expected, value);
    }
}
