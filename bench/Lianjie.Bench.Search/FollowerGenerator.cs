using Lianjie.Search.Index;

namespace Lianjie.Bench.Search;

/// <summary>Deterministic fake followers with Chinese names, cities and tags.</summary>
internal sealed class FollowerGenerator(int seed)
{
    public static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
        "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
        "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔",
        "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦",
    ];

    public static readonly string GivenChars =
        "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红梅飞宇浩然子轩欣怡思雨晨阳嘉琪雪婷" +
        "俊凯文博志鑫颖佳慧丹丹晓东海燕春林云峰立新亮波斌宁琳倩莉瑶璐佩琦诗涵梓睿一诺天佑昊天若曦语嫣";

    public static readonly string[] Cities =
    [
        "北京", "上海", "广州", "深圳", "天津", "重庆", "成都", "杭州", "武汉", "西安", "南京", "苏州", "郑州", "长沙",
        "沈阳", "青岛", "宁波", "东莞", "无锡", "昆明", "大连", "厦门", "合肥", "佛山", "福州", "哈尔滨", "济南",
        "温州", "长春", "石家庄", "常州", "泉州", "南宁", "贵阳", "南昌", "南通", "金华", "徐州", "太原", "嘉兴",
        "烟台", "惠州", "保定", "台州", "中山", "绍兴", "乌鲁木齐", "潍坊", "兰州", "珠海", "呼和浩特", "拉萨",
    ];

    public static readonly string[] Tags =
    [
        "VIP", "新客", "老客", "高价值", "沉睡", "已下单", "未付款", "活动报名", "直播观众", "会员", "母婴", "美妆",
        "数码", "家居", "运动", "旅行", "教育", "汽车", "宠物", "美食", "团购", "裂变", "客服跟进", "投诉", "内测",
        "线下门店", "企业客户", "学生", "宝妈", "退订风险",
    ];

    private static readonly string[] Remarks =
    [
        "展会认识", "老板朋友", "需要回访", "大客户", "门店推荐", "重要客户", "喜欢优惠券", "经常咨询",
    ];

    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Random _random = new(seed);

    public FollowerSearchDocument Next(long id)
    {
        var city = Pick(Cities);
        var profile = new Dictionary<string, string>(2)
        {
            ["city"] = city,
            ["phone"] = "1" + _random.Next(3, 10) + _random.NextInt64(0, 1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture),
        };

        var tagCount = _random.Next(0, 4);
        var tags = new string[tagCount];
        for (var i = 0; i < tagCount; i++)
            tags[i] = Pick(Tags);

        return new FollowerSearchDocument(
            FollowerId: id,
            OpenId: "o" + id.ToString("D12", System.Globalization.CultureInfo.InvariantCulture),
            UnionId: _random.Next(3) == 0 ? null : "u" + id.ToString("D12", System.Globalization.CultureInfo.InvariantCulture),
            Nickname: Name(),
            Remark: _random.Next(10) == 0 ? Pick(Remarks) : null,
            Tags: tags.Distinct().ToArray(),
            ProfileFields: profile,
            Subscribed: _random.Next(10) != 0,
            LastActiveUtc: _random.Next(20) == 0 ? null : Now.AddMinutes(-_random.Next(0, 365 * 24 * 60)));
    }

    private string Name()
    {
        var given = _random.Next(3) == 0 ? 1 : 2;
        var chars = new char[given];
        for (var i = 0; i < given; i++)
            chars[i] = GivenChars[_random.Next(GivenChars.Length)];
        return Pick(Surnames) + new string(chars);
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}
