using Lianjie.Core.Ledger;

namespace Lianjie.Core.Tests.Ledger;

public class LedgerAnonymiserTests
{
    [Theory]
    [InlineData("""{"amount":12.5,"currency":"CNY","address":"x","phone":"1"}""", """{"amount":12.5,"currency":"CNY"}""")]
    [InlineData("""{"amount":"8.00","note":"hi"}""", """{"amount":"8.00"}""")]
    [InlineData("""{"amount":"lots","answers":{"q1":"yes"}}""", null)]
    [InlineData(null, null)]
    public void Erasure_keeps_only_amounts_and_currency_in_event_payloads(string? payload, string? kept) =>
        Assert.Equal(kept, LedgerAnonymiser.StripPayload(payload));
}
