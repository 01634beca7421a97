using Lianjie.Core.Data;
using Lianjie.WeChat.Inbox;
using Lianjie.WeChat.Menus;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Engagement;

internal sealed class WeChatEngagementModel : IEntityModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WeChatMenuRecord>(e =>
        {
            e.ToTable("WeChatMenus");
            e.HasKey(x => x.AppId);
        });
        modelBuilder.Entity<WeChatConversation>(e =>
        {
            e.ToTable("WeChatConversations");
            e.HasKey(x => x.Id);
        });
        modelBuilder.Entity<WeChatConversationMessage>(e =>
        {
            e.ToTable("WeChatConversationMessages");
            e.HasKey(x => x.Id);
        });
    }
}
