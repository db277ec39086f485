using Microsoft.EntityFrameworkCore;

namespace TaskRouting.Activities.Evaluation;

/// <summary>The evaluation table (<c>adm_evaluations</c>), applied by <see cref="AdmissionModel"/>.</summary>
internal static class EvaluationModel
{
    internal static void Apply(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<CommunityEvaluation>(e =>
        {
            e.ToTable("adm_evaluations");
            e.HasKey(x => x.Id);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.CommunityCode).HasMaxLength(64);
            e.Property(x => x.StreetCode).HasMaxLength(64);
            e.Property(x => x.TargetKind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.TargetCode).HasMaxLength(64);
            e.Property(x => x.Period).HasMaxLength(7);
            e.Property(x => x.Comment).HasMaxLength(2000);
            e.Property(x => x.SubmittedBy).HasMaxLength(100);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => new { x.CommunityCode, x.TargetCode, x.Period }).IsUnique();
            e.HasIndex(x => new { x.District, x.Period, x.TargetKind, x.TargetCode });
        });
}
