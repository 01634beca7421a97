using Lianjie.Core.Followers;

namespace Lianjie.Contents.Services;

/// <summary>Fields of a content type for other modules (e.g. the follower profile form), in editor order.</summary>
internal sealed class ContentTypeFields(ContentDefinitionStore store) : IContentTypeFields
{
    public async Task<IReadOnlyList<ContentFieldInfo>> GetFieldsAsync(string contentType, CancellationToken cancellationToken = default)
    {
        var definitions = await store.LoadAsync(cancellationToken);
        if (definitions.GetTypeDefinition(contentType) is not { } type)
        {
            return [];
        }

        return
        [
            .. type.OrderedParts.SelectMany(part => definitions.GetFields(part).Select(field => new ContentFieldInfo(
                part.Name,
                field.Name,
                field.FieldSettings.DisplayName ?? field.Name,
                field.FieldName,
                field.FieldSettings.Required))),
        ];
    }
}
