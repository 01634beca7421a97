using System.Text.Json.Nodes;
using Lianjie.Core.Ledger;
using Lianjie.Workflows.Counting;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Crm.Events;

// One class per behaviour the marketer can build rules on. Filters are optional properties.

/// <summary>wechat.subscribe; optional "Scene" (the QR scene the follower came from, the event subject).</summary>
public sealed class FollowerSubscribedEvent(IServiceProvider services) : CrmEventActivity(services)
{
    public override string Name => nameof(FollowerSubscribedEvent);

    public override string LedgerEventType => BehaviourEventTypes.WeChatSubscribe;

    public override bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext) =>
        AnyEquals(activityContext.GetString("Scene"), [CrmEventInput.GetSubject(input), CrmEventInput.Text(payload["scene"])]);
}

public sealed class UnsubscribedEvent(IServiceProvider services) : CrmEventActivity(services)
{
    public override string Name => nameof(UnsubscribedEvent);

    public override string LedgerEventType => BehaviourEventTypes.WeChatUnsubscribe;

    public override bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext) => true;
}

/// <summary>wechat.scan; "Scene" filters on the QR scene (subject or payload.scene).</summary>
public sealed class QrScannedEvent(IServiceProvider services) : CrmEventActivity(services)
{
    public override string Name => nameof(QrScannedEvent);

    public override string LedgerEventType => BehaviourEventTypes.WeChatScan;

    public override bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext) =>
        AnyEquals(activityContext.GetString("Scene"), [CrmEventInput.GetSubject(input), CrmEventInput.Text(payload["scene"])]);
}

/// <summary>wechat.click; "MenuKey" filters on the menu key (subject or payload.key).</summary>
public sealed class MenuClickedEvent(IServiceProvider services) : CrmEventActivity(services)
{
    public override string Name => nameof(MenuClickedEvent);

    public override string LedgerEventType => BehaviourEventTypes.WeChatClick;

    public override bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext) =>
        AnyEquals(activityContext.GetString("MenuKey"), [CrmEventInput.GetSubject(input), CrmEventInput.Text(payload["key"])]);
}

/// <summary>wechat.message; "Keyword" matches when the text contains it (case-insensitive).</summary>
public sealed class MessageReceivedEvent(IServiceProvider services) : CrmEventActivity(services)
{
    public override string Name => nameof(MessageReceivedEvent);

    public override string LedgerEventType => BehaviourEventTypes.WeChatMessage;

    public override bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext)
    {
        var keyword = activityContext.GetString("Keyword");
        var text = CrmEventInput.Text(payload["text"]) ?? CrmEventInput.Text(payload["content"]) ?? CrmEventInput.GetSubject(input) ?? string.Empty;
        return IsBlank(keyword) || text.Contains(keyword!.Trim(), StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>content.read; "InterestTag" filters on payload.interestTags and names the counter for "Count".</summary>
public sealed class ArticleReadEvent(IServiceProvider services) : CrmEventActivity(services)
{
    public override string Name => nameof(ArticleReadEvent);

    public override string LedgerEventType => BehaviourEventTypes.ContentRead;

    public override bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext) =>
        AnyEquals(activityContext.GetString("InterestTag"), CrmEventInput.Strings(payload["interestTags"]))
        && AnyEquals(activityContext.GetString("Article"), [CrmEventInput.GetSubject(input)]);

    public override string CounterKey(ActivityContext activityContext) =>
        CounterKeys.For(LedgerEventType, "interestTag", activityContext.GetString("InterestTag")?.Trim());
}

/// <summary>content.share_open: someone opened a follower's share. Same filters as <see cref="ArticleReadEvent"/>.</summary>
public sealed class ArticleSharedEvent(IServiceProvider services) : CrmEventActivity(services)
{
    public override string Name => nameof(ArticleSharedEvent);

    public override string LedgerEventType => BehaviourEventTypes.ContentShareOpen;

    public override bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext) =>
        AnyEquals(activityContext.GetString("InterestTag"), CrmEventInput.Strings(payload["interestTags"]))
        && AnyEquals(activityContext.GetString("Article"), [CrmEventInput.GetSubject(input)]);

    public override string CounterKey(ActivityContext activityContext) =>
        CounterKeys.For(LedgerEventType, "interestTag", activityContext.GetString("InterestTag")?.Trim());
}

/// <summary>
/// form.submitted; "Form" filters on the form (subject); "Field" + "Value" on an answer in payload.fields
/// (or payload.answers): equal, or contained in a multiple-choice answer, e.g. Value "父母是患者".
/// </summary>
public sealed class FormSubmittedEvent(IServiceProvider services) : CrmEventActivity(services)
{
    public override string Name => nameof(FormSubmittedEvent);

    public override string LedgerEventType => BehaviourEventTypes.FormSubmitted;

    public override bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext)
    {
        if (!AnyEquals(activityContext.GetString("Form"), [CrmEventInput.GetSubject(input), CrmEventInput.Text(payload["form"])]))
        {
            return false;
        }

        var value = activityContext.GetString("Value");
        if (IsBlank(value))
        {
            return true;
        }

        var field = activityContext.GetString("Field");
        var answers = payload["fields"] as JsonObject ?? payload["answers"] as JsonObject ?? [];
        var candidates = IsBlank(field)
            ? answers.SelectMany(a => CrmEventInput.Strings(a.Value))
            : CrmEventInput.Strings(answers[field!.Trim()]);
        return candidates.Any(c => string.Equals(c, value!.Trim(), StringComparison.Ordinal));
    }
}

/// <summary>event.registered; "EventSubject" filters on the event (subject), "Tag" on payload.tags.</summary>
public sealed class EventRegisteredEvent(IServiceProvider services) : CrmEventActivity(services)
{
    public override string Name => nameof(EventRegisteredEvent);

    public override string LedgerEventType => BehaviourEventTypes.EventRegistered;

    public override bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext) =>
        EventFilters.Match(input, payload, activityContext);

    public override string CounterKey(ActivityContext activityContext) =>
        CounterKeys.For(LedgerEventType, "tag", activityContext.GetString("Tag")?.Trim());
}

/// <summary>event.checked_in; same filters as <see cref="EventRegisteredEvent"/>.</summary>
public sealed class CheckedInEvent(IServiceProvider services) : CrmEventActivity(services)
{
    public override string Name => nameof(CheckedInEvent);

    public override string LedgerEventType => BehaviourEventTypes.EventCheckedIn;

    public override bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext) =>
        EventFilters.Match(input, payload, activityContext);

    public override string CounterKey(ActivityContext activityContext) =>
        CounterKeys.For(LedgerEventType, "tag", activityContext.GetString("Tag")?.Trim());
}

/// <summary>tag.added; "Tag" filters on the tag added (payload.tag or payload.tags).</summary>
public sealed class TagAddedEvent(IServiceProvider services) : CrmEventActivity(services)
{
    public override string Name => nameof(TagAddedEvent);

    public override string LedgerEventType => BehaviourEventTypes.TagAdded;

    public override bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext) =>
        AnyEquals(activityContext.GetString("Tag"), [.. TagEventPayload.Names(payload)]);
}

public sealed class TagRemovedEvent(IServiceProvider services) : CrmEventActivity(services)
{
    public override string Name => nameof(TagRemovedEvent);

    public override string LedgerEventType => BehaviourEventTypes.TagRemoved;

    public override bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext) =>
        AnyEquals(activityContext.GetString("Tag"), [.. TagEventPayload.Names(payload)]);
}

/// <summary>commerce.add_to_cart; "Product" (subject or payload.product) and "ProductTag" (payload.productTags).</summary>
public sealed class AddToCartEvent(IServiceProvider services) : CrmEventActivity(services)
{
    public override string Name => nameof(AddToCartEvent);

    public override string LedgerEventType => BehaviourEventTypes.CommerceAddToCart;

    public override bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext) =>
        EventFilters.MatchProduct(input, payload, activityContext);

    public override string CounterKey(ActivityContext activityContext) =>
        CounterKeys.For(LedgerEventType, "productTag", activityContext.GetString("ProductTag")?.Trim());
}

/// <summary>commerce.purchase; product filters as <see cref="AddToCartEvent"/> plus "MinAmount" on payload.amount.</summary>
public sealed class PurchaseEvent(IServiceProvider services) : CrmEventActivity(services)
{
    public override string Name => nameof(PurchaseEvent);

    public override string LedgerEventType => BehaviourEventTypes.CommercePurchase;

    public override bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext)
    {
        var min = activityContext.GetNumber("MinAmount");
        return EventFilters.MatchProduct(input, payload, activityContext)
            && (min is null || (CrmEventInput.Number(payload["amount"]) ?? 0) >= (decimal)min.Value);
    }

    public override string CounterKey(ActivityContext activityContext) =>
        CounterKeys.For(LedgerEventType, "productTag", activityContext.GetString("ProductTag")?.Trim());
}

/// <summary>points.changed; "Dimension" filters on payload.dimension.</summary>
public sealed class PointsChangedEvent(IServiceProvider services) : CrmEventActivity(services)
{
    public override string Name => nameof(PointsChangedEvent);

    public override string LedgerEventType => BehaviourEventTypes.PointsChanged;

    public override bool Matches(JsonObject input, JsonObject payload, ActivityContext activityContext) =>
        AnyEquals(activityContext.GetString("Dimension"), [CrmEventInput.Text(payload["dimension"])]);
}

internal static class EventFilters
{
    public static bool Match(JsonObject input, JsonObject payload, ActivityContext activityContext)
    {
        var subject = activityContext.GetString("EventSubject");
        var tag = activityContext.GetString("Tag");
        var tags = CrmEventInput.Strings(payload["tags"]);
        return Matches(subject, [CrmEventInput.GetSubject(input), CrmEventInput.Text(payload["title"])])
            && Matches(tag, tags);
    }

    public static bool MatchProduct(JsonObject input, JsonObject payload, ActivityContext activityContext) =>
        Matches(activityContext.GetString("Product"), [CrmEventInput.GetSubject(input), CrmEventInput.Text(payload["product"])])
        && Matches(activityContext.GetString("ProductTag"), CrmEventInput.Strings(payload["productTags"]));

    private static bool Matches(string? filter, IEnumerable<string?> values) =>
        string.IsNullOrWhiteSpace(filter) || values.Any(v => string.Equals(v, filter.Trim(), StringComparison.Ordinal));
}
