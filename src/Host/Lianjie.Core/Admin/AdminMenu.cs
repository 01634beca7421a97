using Lianjie.Core.Security;

namespace Lianjie.Core.Admin;

/// <summary>
/// An entry in the admin's left menu; shown only to users holding <see cref="Permission"/> and, when
/// given, passing <see cref="IsVisibleAsync"/> (for access that depends on data, e.g. per-type permissions).
/// </summary>
public sealed record AdminMenuItem(string Text, string Url, Permission? Permission = null, int Order = 0, string Group = "", Func<Microsoft.AspNetCore.Http.HttpContext, Task<bool>>? IsVisibleAsync = null);

public interface IAdminMenuContributor
{
    IEnumerable<AdminMenuItem> GetItems();
}
