using Microsoft.EntityFrameworkCore;

namespace Lianjie.Core.Data;

/// <summary>A module maps its own tables into the shell's model through this.</summary>
public interface IEntityModelContributor
{
    void Configure(ModelBuilder modelBuilder);
}
