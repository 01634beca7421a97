using System.Text.Json.Nodes;

namespace Lianjie.WeChat.Outbox;

/// <summary>
/// Sends outbox items of one extra kind (beyond <see cref="WeChatOutboxKinds"/>), e.g. the tag
/// mirror's create/rename/delete. Scoped; throw <see cref="Api.WeChatApiException"/> as the client
/// does, so the processor's retry and back-off rules apply unchanged.
/// </summary>
public interface IWeChatOutboxHandler
{
    string Kind { get; }

    /// <summary>Makes the call(s); returns a short result for the item's record.</summary>
    Task<string?> SendAsync(string appId, JsonObject payload, CancellationToken cancellationToken);
}
