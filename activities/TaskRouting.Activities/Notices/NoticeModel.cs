using Microsoft.EntityFrameworkCore;

namespace TaskRouting.Activities.Notices;

/// <summary>The notices' table, applied by <see cref="AdmissionModel"/>.</summary>
internal static class NoticeModel
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DistrictNotice>(e =>
        {
            e.ToTable("adm_notices");
            e.HasKey(x => x.Id);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Period).HasMaxLength(7);
            e.Property(x => x.Number).HasMaxLength(100);
            e.Property(x => x.TitleZh).HasMaxLength(200);
            e.Property(x => x.TitleEn).HasMaxLength(200);
            e.Property(x => x.PublishedBy).HasMaxLength(100);
            e.OwnsMany(x => x.Entries, n =>
            {
                n.ToJson();
                n.Property(x => x.Kind).HasConversion<string>();
            });
            e.HasIndex(x => new { x.District, x.Period }).IsUnique();
        });
    }
}
