using Lianjie.Core.Data;
using Lianjie.Tags.Models;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Tags.Data;

internal sealed class TagsModel : IEntityModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TagGroupRecord>(e =>
        {
            e.ToTable("TagGroups");
            e.HasKey(x => x.Id);
        });
        modelBuilder.Entity<TagRecord>(e =>
        {
            e.ToTable("Tags");
            e.HasKey(x => x.Id);
        });
        modelBuilder.Entity<FollowerTagRecord>(e =>
        {
            e.ToTable("FollowerTags");
            e.HasKey(x => new { x.FollowerId, x.TagId });
        });
        modelBuilder.Entity<TagJobRecord>(e =>
        {
            e.ToTable("TagJobs");
            e.HasKey(x => x.Id);
        });
    }
}
