using Lianjie.Followers.Services;

namespace Lianjie.Followers.Tests.Services;

public class PersonalDataMaskTests
{
    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("+8613812345678", "+86****5678")]
    [InlineData("12345", "*****")]
    public void Phones_keep_only_the_first_three_and_last_four_characters(string phone, string masked) =>
        Assert.Equal(masked, PersonalDataMask.Phone(phone));

    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("Alice", "A***")]
    [InlineData("😀Bob", "😀***")]
    public void Names_keep_only_the_first_character(string name, string masked) =>
        Assert.Equal(masked, PersonalDataMask.Name(name));

    [Fact]
    public void Profile_masking_covers_phone_and_name_fields_in_either_language()
    {
        var masked = PersonalDataMask.Profile(new Dictionary<string, string> { ["手机"] = "13900001111", ["姓名"] = "王五", ["city"] = "杭州" });

        Assert.Equal("139****1111", masked["手机"]);
        Assert.Equal("王*", masked["姓名"]);
        Assert.Equal("杭州", masked["city"]);
    }
}
