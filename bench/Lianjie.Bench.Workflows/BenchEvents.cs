using System.Text.Json.Nodes;
using Lianjie.Core.Ledger;

namespace Lianjie.Bench.Workflows;

/// <summary>The event mix: 60 % reads, 15 % share-opens, 10 % purchases, 5 % registrations, 5 % forms, 5 % scans.</summary>
internal static class BenchEvents
{
    public static BehaviourEventDraft Next(Random random, IReadOnlyList<long> followers, DateTime when)
    {
        var follower = followers[random.Next(followers.Count)];
        var interests = BenchRules.Interests;
        return random.Next(100) switch
        {
            < 60 => new BehaviourEventDraft("content.read", follower, "a" + random.Next(200), new JsonObject { ["interestTags"] = new JsonArray(interests[random.Next(interests.Length)]) }, when, "bench"),
            < 75 => new BehaviourEventDraft("content.share_open", follower, "a" + random.Next(200), new JsonObject { ["interestTags"] = new JsonArray(interests[random.Next(interests.Length)]) }, when, "bench"),
            < 85 => new BehaviourEventDraft("commerce.purchase", follower, "p" + random.Next(50), new JsonObject { ["amount"] = random.Next(10, 1000) }, when, "bench"),
            < 90 => new BehaviourEventDraft("event.registered", follower, "lecture", new JsonObject { ["tags"] = new JsonArray("肾病讲座") }, when, "bench"),
            < 95 => new BehaviourEventDraft("form.submitted", follower, "signup", new JsonObject { ["fields"] = new JsonObject { ["relation"] = random.Next(2) == 0 ? "父母是患者" : "本人" } }, when, "bench"),
            _ => new BehaviourEventDraft("wechat.scan", follower, random.Next(2) == 0 ? "pharmacy" : "poster", null, when, "bench"),
        };
    }
}
