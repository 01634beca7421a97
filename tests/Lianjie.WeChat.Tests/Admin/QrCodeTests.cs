using System.Net;
using Lianjie.Testing;
using Lianjie.WeChat.Tests.Support;

namespace Lianjie.WeChat.Tests.Admin;

public class QrCodeTests
{
    [Fact]
    public async Task A_channel_qr_code_is_created_through_the_api_and_drawn_as_png()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var admin = await site.LoginAsync();

        var response = await admin.GetAsync($"/admin/wechat/accounts/{SimulatedAccount.AppId}/qrcode?scene=pharmacy_counter");
        var bad = await admin.GetAsync($"/admin/wechat/accounts/{SimulatedAccount.AppId}/qrcode?scene=");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        Assert.Equal(1, site.Controls().Calls(SimulatedAccount.AppId, "qrcode/create"));
        Assert.Contains("pharmacy_counter", await site.TextAsync("SELECT \"Body\" FROM \"WeChatSimOutbound\" WHERE \"Api\" = 'qrcode/create'"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
