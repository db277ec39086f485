using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.Approval;
using TaskRouting.Activities.Dispatch;
using TaskRouting.Activities.Escalation;
using TaskRouting.Activities.Evaluation;
using TaskRouting.Activities.Funding;
using TaskRouting.Activities.Inspection;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Activities.Review;
using TaskRouting.Activities.Voting;

namespace TaskRouting.Activities;

/// <summary>The admission domain's tables; the host's DbContext applies them next to the runtime's, so a burst commits both.</summary>
public static class AdmissionModel
{
    public static ModelBuilder ApplyAdmissionModel(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<Application>(e =>
        {
            e.ToTable("adm_applications");
            e.HasKey(x => x.Id);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Department).HasMaxLength(64);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(4000);
            e.Property(x => x.LegalBasis).HasMaxLength(1000);
            e.Property(x => x.Category).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Stage).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.WorkloadHoursPerMonth).HasPrecision(9, 2);
            e.Property(x => x.FundingPerCommunity).HasPrecision(14, 2);
            e.Property(x => x.SupportPersonnel).HasMaxLength(1000);
            e.Property(x => x.SupportTraining).HasMaxLength(1000);
            e.Property(x => x.SupportGuidance).HasMaxLength(1000);
            e.Property(x => x.UrgencyJustification).HasMaxLength(2000);
            e.Property(x => x.WaitingForZh).HasMaxLength(300);
            e.Property(x => x.WaitingForEn).HasMaxLength(300);
            e.Property(x => x.Decision).HasMaxLength(40);
            e.Property(x => x.DecisionReason).HasMaxLength(2000);
            e.Property(x => x.DecisionReference).HasMaxLength(200);
            e.Property(x => x.BurdenDetail).HasMaxLength(4000);
            e.Property(x => x.WorkflowInstanceId).HasMaxLength(64);
            e.Property(x => x.AdmissionNumber).HasMaxLength(64);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.OwnsMany(x => x.FormsAndLedgers, f => f.ToJson());
            e.HasIndex(x => new { x.District, x.Department, x.CreatedAt });
            e.HasIndex(x => new { x.District, x.Stage });
        });
        modelBuilder.Entity<ApplicationEvent>(e =>
        {
            e.ToTable("adm_application_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Stage).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Kind).HasMaxLength(40);
            e.Property(x => x.Actor).HasMaxLength(100);
            e.Property(x => x.TextZh).HasMaxLength(2000);
            e.Property(x => x.TextEn).HasMaxLength(2000);
            e.HasIndex(x => new { x.ApplicationId, x.Id });
        });
        modelBuilder.Entity<ReferenceListVersion>(e =>
        {
            e.ToTable("adm_reference_lists");
            e.HasKey(x => x.Id);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Note).HasMaxLength(1000);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.District, x.Kind, x.Version }).IsUnique();
        });
        modelBuilder.Entity<CalendarYearRecord>(e =>
        {
            e.ToTable("adm_calendar_years");
            e.HasKey(x => new { x.Year, x.Version });
            e.Property(x => x.Source).HasMaxLength(500);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
        });
        modelBuilder.Entity<ReviewWindow>(e =>
        {
            e.ToTable("adm_review_windows");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(80);
            e.Property(x => x.District).HasMaxLength(64);
            e.HasIndex(x => new { x.District, x.OpensOn });
        });
        modelBuilder.Entity<VoteRequest>(e =>
        {
            e.ToTable("adm_votes");
            e.HasIndex(x => x.RequestId);
            e.HasKey(x => new { x.ApplicationId, x.VoterCode });
            e.Property(x => x.VoterCode).HasMaxLength(64);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.VoterKind).HasMaxLength(20);
            e.Property(x => x.StreetCode).HasMaxLength(64);
            e.Property(x => x.Choice).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Comment).HasMaxLength(2000);
            e.Property(x => x.VotedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.District, x.VoterCode, x.ClosedAt });
        });
        modelBuilder.Entity<PlanListEntry>(e =>
        {
            e.ToTable("adm_plan_list");
            e.HasKey(x => x.Number);
            e.Property(x => x.Number).HasMaxLength(80);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Series).HasMaxLength(4);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Department).HasMaxLength(64);
            e.Property(x => x.ApprovedBy).HasMaxLength(100);
            e.Property(x => x.Category).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.WorkloadHoursPerMonth).HasPrecision(9, 2);
            e.Property(x => x.FundingPerCommunity).HasPrecision(14, 2);
            e.HasIndex(x => new { x.District, x.Year, x.Series, x.Sequence }).IsUnique();
            e.HasIndex(x => x.ApplicationId).IsUnique();
        });
        modelBuilder.Entity<FundingLedgerEntry>(e =>
        {
            e.ToTable("adm_funding_ledger");
            e.HasKey(x => new { x.ApplicationId, x.CommunityCode });
            e.Property(x => x.CommunityCode).HasMaxLength(64);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Department).HasMaxLength(64);
            e.Property(x => x.Pledged).HasPrecision(14, 2);
            e.Property(x => x.Confirmed).HasPrecision(14, 2);
            e.Property(x => x.Disbursed).HasPrecision(14, 2);
            e.HasIndex(x => new { x.District, x.CommunityCode });
        });
        modelBuilder.Entity<FundingDisbursement>(e =>
        {
            e.ToTable("adm_funding_disbursements");
            e.HasKey(x => x.Id);
            e.Property(x => x.CommunityCode).HasMaxLength(64);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Amount).HasPrecision(14, 2);
            e.Property(x => x.Note).HasMaxLength(1000);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.ApplicationId, x.CommunityCode });
        });
        modelBuilder.Entity<DispatchRecord>(e =>
        {
            e.ToTable("adm_dispatches");
            e.HasKey(x => new { x.ApplicationId, x.CommunityCode });
            e.HasIndex(x => x.DispatchId).IsUnique();
            e.Property(x => x.CommunityCode).HasMaxLength(64);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.StreetCode).HasMaxLength(64);
            e.Property(x => x.AdmissionNumber).HasMaxLength(80);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Report).HasMaxLength(2000);
            e.Property(x => x.UpdatedBy).HasMaxLength(100);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => new { x.District, x.CommunityCode, x.Status });
        });
        modelBuilder.Entity<InspectionRecord>(e =>
        {
            e.ToTable("adm_inspections");
            e.HasKey(x => x.Id);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Findings).HasMaxLength(4000);
            e.Property(x => x.Inspector).HasMaxLength(100);
            e.HasIndex(x => x.ApplicationId);
        });
        modelBuilder.Entity<CorrectionNotice>(e =>
        {
            e.ToTable("adm_correction_notices");
            e.HasKey(x => x.Id);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Department).HasMaxLength(64);
            e.Property(x => x.Findings).HasMaxLength(4000);
            e.Property(x => x.Report).HasMaxLength(4000);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(x => x.ApplicationId);
        });
        modelBuilder.Entity<Alert>(e =>
        {
            e.ToTable("adm_alerts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Key).HasMaxLength(200);
            e.HasIndex(x => x.Key).IsUnique();
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.TargetRole).HasMaxLength(20);
            e.Property(x => x.TargetScope).HasMaxLength(100);
            e.Property(x => x.TextZh).HasMaxLength(1000);
            e.Property(x => x.TextEn).HasMaxLength(1000);
            e.Property(x => x.ResolvedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.District, x.TargetRole, x.ResolvedAt });
        });
        Violations.ViolationModel.Apply(modelBuilder);
        Notices.NoticeModel.Apply(modelBuilder);
        EvaluationModel.Apply(modelBuilder);
        InspectionPlanningModel.Apply(modelBuilder);
        Burden.BurdenBaseline.Configure(modelBuilder);
        return modelBuilder;
    }
}
