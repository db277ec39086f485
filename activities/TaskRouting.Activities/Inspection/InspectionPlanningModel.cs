using Microsoft.EntityFrameworkCore;

namespace TaskRouting.Activities.Inspection;

/// <summary>The unified inspection tables (<c>adm_inspection_requests</c>, <c>adm_inspection_targets</c>, <c>adm_inspection_visits</c>), applied by <see cref="AdmissionModel"/>.</summary>
internal static class InspectionPlanningModel
{
    internal static void Apply(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<InspectionRequest>(e =>
        {
            e.ToTable("adm_inspection_requests");
            e.HasKey(x => x.Id);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Department).HasMaxLength(64);
            e.Property(x => x.Period).HasMaxLength(7);
            e.Property(x => x.Purpose).HasMaxLength(1000);
            e.Property(x => x.RequestedBy).HasMaxLength(100);
            e.HasMany(x => x.Targets).WithOne().HasForeignKey(t => t.RequestId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.District, x.Department, x.Period });
        });
        modelBuilder.Entity<InspectionTarget>(e =>
        {
            e.ToTable("adm_inspection_targets");
            e.HasKey(x => new { x.RequestId, x.CommunityCode });
            e.Property(x => x.CommunityCode).HasMaxLength(64);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Period).HasMaxLength(7);
            e.Property(x => x.Findings).HasMaxLength(4000);
            e.HasIndex(x => new { x.District, x.Period, x.VisitId });
            e.HasIndex(x => x.VisitId);
        });
        modelBuilder.Entity<InspectionVisit>(e =>
        {
            e.ToTable("adm_inspection_visits");
            e.HasKey(x => x.Id);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.CommunityCode).HasMaxLength(64);
            e.Property(x => x.StreetCode).HasMaxLength(64);
            e.Property(x => x.Period).HasMaxLength(7);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.PlannedBy).HasMaxLength(100);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => new { x.District, x.CommunityCode, x.Period }).IsUnique();
            e.HasIndex(x => new { x.District, x.Period });
        });
    }
}
