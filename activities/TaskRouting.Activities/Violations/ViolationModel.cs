using Microsoft.EntityFrameworkCore;

namespace TaskRouting.Activities.Violations;

/// <summary>The violation cases' tables, applied by <see cref="AdmissionModel"/>.</summary>
internal static class ViolationModel
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ViolationCase>(e =>
        {
            e.ToTable("adm_violation_cases");
            e.HasKey(x => x.Id);
            foreach (var code in new[] { nameof(ViolationCase.District), nameof(ViolationCase.Street), nameof(ViolationCase.Community), nameof(ViolationCase.ReportedUnit), nameof(ViolationCase.AdmissionNumber) })
            {
                e.Property(code).HasMaxLength(64);
            }

            e.Property(x => x.What).HasMaxLength(4000);
            e.Property(x => x.Evidence).HasMaxLength(8000);
            e.Property(x => x.ReportedBy).HasMaxLength(100);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Remit).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Finding).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.FindingReason).HasMaxLength(2000);
            e.Property(x => x.DutyOfficer).HasMaxLength(100);
            e.Property(x => x.WorkflowInstanceId).HasMaxLength(64);
            e.HasIndex(x => new { x.District, x.Status });
            e.HasIndex(x => new { x.District, x.ReportedUnit });
            e.HasIndex(x => new { x.District, x.FoundAt });
        });
        modelBuilder.Entity<ViolationEvent>(e =>
        {
            e.ToTable("adm_violation_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Kind).HasMaxLength(40);
            e.Property(x => x.Actor).HasMaxLength(100);
            e.Property(x => x.TextZh).HasMaxLength(2000);
            e.Property(x => x.TextEn).HasMaxLength(2000);
            e.HasIndex(x => new { x.CaseId, x.Id });
        });
        modelBuilder.Entity<ViolationAttachment>(e =>
        {
            e.ToTable("adm_violation_attachments");
            e.HasKey(x => x.Id);
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.ContentType).HasMaxLength(50);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.HasIndex(x => x.CaseId);
        });
        modelBuilder.Entity<DutyAssignment>(e =>
        {
            e.ToTable("adm_duty_roster");
            e.HasKey(x => new { x.District, x.Date });
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.UserName).HasMaxLength(100);
            e.Property(x => x.AssignedBy).HasMaxLength(100);
        });
    }
}
