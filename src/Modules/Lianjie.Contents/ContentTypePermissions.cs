using Lianjie.Contents.Services;
using Lianjie.Core.Security;

namespace Lianjie.Contents;

/// <summary>
/// One set of per-type permissions (edit own/all, publish, delete own/all) for every content type
/// currently defined, so the role editor lists them without a restart when types change.
/// </summary>
internal sealed class ContentTypePermissions(ContentDefinitionStore definitions) : IDynamicPermissionProvider
{
    public async Task<IEnumerable<Permission>> GetPermissionsAsync(CancellationToken cancellationToken = default)
    {
        var set = await definitions.LoadAsync(cancellationToken);
        return set.Types
            .SelectMany(type => ContentsPermissions.PerType.Select(p => new Permission(
                $"{p.Permission.Name}.{type.Name}",
                p.TypeDescription,
                $"Content: {type.DisplayName ?? type.Name}")))
            .ToList();
    }
}
