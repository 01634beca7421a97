using Lianjie.Core.Data;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.AutoReplies;
using Lianjie.WeChat.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Data;

internal sealed class WeChatModel : IEntityModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WeChatAccount>(e =>
        {
            e.ToTable("WeChatAccounts");
            e.HasKey(x => x.Id);
            e.Property(x => x.MessageMode).HasConversion<string>();
        });
        modelBuilder.Entity<WeChatApiCredential>(e =>
        {
            e.ToTable("WeChatApiCredentials");
            e.HasKey(x => new { x.AppId, x.Kind });
        });
        modelBuilder.Entity<WeChatOutboxItem>(e =>
        {
            e.ToTable("WeChatOutbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasConversion<string>();
        });
        modelBuilder.Entity<WeChatRemoteTag>(e =>
        {
            e.ToTable("WeChatRemoteTags");
            e.HasKey(x => new { x.AppId, x.TagId });
        });
        modelBuilder.Entity<WeChatAutoReply>(e =>
        {
            e.ToTable("WeChatAutoReplies");
            e.HasKey(x => x.Id);
        });
        modelBuilder.Entity<WeChatRemoteFollowerTag>(e =>
        {
            e.ToTable("WeChatRemoteFollowerTags");
            e.HasKey(x => new { x.AppId, x.OpenId, x.TagId });
        });
    }
}
