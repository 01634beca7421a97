namespace Lianjie.Followers.Services;

/// <summary>Masks personal data in lists for users without "ViewPersonalData" (PIPL): 138****5678, 张*.</summary>
public static class PersonalDataMask
{
    /// <summary>Profile fields that hold personal data and are masked like phone numbers or names.</summary>
    public static readonly IReadOnlySet<string> PhoneFields = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "phone", "mobile", "tel", "手机", "手机号", "电话" };

    public static readonly IReadOnlySet<string> NameFields = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "name", "realname", "姓名", "真实姓名" };

    public static string? Name(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return name;
        }

        var chars = System.Globalization.StringInfo.GetNextTextElementLength(name);
        return name[..chars] + new string('*', Math.Max(1, Math.Min(3, new System.Globalization.StringInfo(name).LengthInTextElements - 1)));
    }

    public static string? Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return phone;
        }

        var digits = phone.Trim();
        return digits.Length >= 7 ? digits[..3] + "****" + digits[^4..] : new string('*', digits.Length);
    }

    public static Dictionary<string, string> Profile(IReadOnlyDictionary<string, string> fields) =>
        fields.ToDictionary(
            f => f.Key,
            f => PhoneFields.Contains(f.Key) ? Phone(f.Value)! : NameFields.Contains(f.Key) ? Name(f.Value)! : f.Value,
            StringComparer.Ordinal);
}
