using System.Text;

namespace Lianjie.Bench.Followers;

/// <summary>Writes N followers as a UTF-8 CSV with a fixed seed, so runs are comparable.</summary>
internal static class FollowerCsvGenerator
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平"];
    private static readonly string[] Cities = ["北京", "上海", "广州", "深圳", "杭州", "成都", "重庆", "武汉", "西安", "南京", "天津", "苏州", "长沙", "郑州", "青岛", "沈阳"];
    private static readonly string[] Tags = ["慢性肾病患者", "肝病关注", "孕期妈妈", "家属", "VIP", "新客", "复购", "门店扫码", "讲座报名", "问卷完成"];

    public static void Write(string path, int count, bool withTags)
    {
        var random = new Random(20261124);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write(withTags ? "openid,nickname,city,phone,subscribeTime,tags\n" : "openid,nickname,city,phone,subscribeTime\n");
        var line = new StringBuilder(128);
        for (var i = 0; i < count; i++)
        {
            line.Clear();
            line.Append("oBench").Append(i.ToString("D22", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append(Surnames[random.Next(Surnames.Length)]).Append(Given[random.Next(Given.Length)]).Append(',')
                .Append(Cities[random.Next(Cities.Length)]).Append(',')
                .Append("13").Append(random.Next(100_000_000, 999_999_999)).Append(',')
                .Append(2020 + random.Next(6)).Append('-').Append(1 + random.Next(12)).Append('-').Append(1 + random.Next(28));
            if (withTags)
            {
                line.Append(",\"").Append(Tags[random.Next(3)]).Append(',').Append(Tags[3 + random.Next(3)]).Append(',').Append(Tags[6 + random.Next(4)]).Append('"');
            }

            line.Append('\n');
            writer.Write(line);
        }
    }
}
