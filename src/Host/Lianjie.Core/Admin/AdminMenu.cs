using Lianjie.Core.Security;

namespace Lianjie.Core.Admin;

/// <summary>An entry in the admin's left menu; shown only to users holding <see cref="Permission"/>.</summary>
public sealed record AdminMenuItem(string Text, string Url, Permission? Permission = null, int Order = 0, string Group = "");

public interface IAdminMenuContributor
{
    IEnumerable<AdminMenuItem> GetItems();
}
