using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskRouting.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Admission : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "adm_alerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    TargetRole = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    TargetScope = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TextZh = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    TextEn = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_application_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TextZh = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    TextEn = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_application_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_applications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    WholeDistrict = table.Column<bool>(type: "INTEGER", nullable: false),
                    TargetStreets = table.Column<string>(type: "TEXT", nullable: false),
                    TargetCommunities = table.Column<string>(type: "TEXT", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DurationMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    WorkloadHoursPerMonth = table.Column<decimal>(type: "TEXT", precision: 9, scale: 2, nullable: false),
                    FundingPerCommunity = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    SupportPersonnel = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SupportTraining = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SupportGuidance = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Urgent = table.Column<bool>(type: "INTEGER", nullable: false),
                    UrgencyJustification = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    NeededBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StageSince = table.Column<long>(type: "INTEGER", nullable: false),
                    WaitingForZh = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    WaitingForEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    WaitingUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    DecisionReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    BurdenFlagged = table.Column<bool>(type: "INTEGER", nullable: false),
                    BurdenDetail = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    WorkflowInstanceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AdmissionNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                    FormsAndLedgers = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_applications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_calendar_years",
                columns: table => new
                {
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_calendar_years", x => new { x.Year, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "adm_correction_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Findings = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Report = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CorrectedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_correction_notices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_dispatches",
                columns: table => new
                {
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommunityCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StreetCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AdmissionNumber = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DispatchedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AcknowledgeBy = table.Column<long>(type: "INTEGER", nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RefusedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Report = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    EscalatedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_dispatches", x => new { x.ApplicationId, x.CommunityCode });
                });

            migrationBuilder.CreateTable(
                name: "adm_funding_disbursements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommunityCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_funding_disbursements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_funding_ledger",
                columns: table => new
                {
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommunityCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Pledged = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Confirmed = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Disbursed = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    ConfirmedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_funding_ledger", x => new { x.ApplicationId, x.CommunityCode });
                });

            migrationBuilder.CreateTable(
                name: "adm_inspections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Compliant = table.Column<bool>(type: "INTEGER", nullable: false),
                    Findings = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Inspector = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Round = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_inspections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_plan_list",
                columns: table => new
                {
                    Number = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Series = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    WorkloadHoursPerMonth = table.Column<decimal>(type: "TEXT", precision: 9, scale: 2, nullable: false),
                    FundingPerCommunity = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Communities = table.Column<string>(type: "TEXT", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DurationMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    AdmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_plan_list", x => x.Number);
                });

            migrationBuilder.CreateTable(
                name: "adm_reference_lists",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ItemsJson = table.Column<string>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_reference_lists", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_review_windows",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Half = table.Column<int>(type: "INTEGER", nullable: false),
                    OpensOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ClosesOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Applications = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_review_windows", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_votes",
                columns: table => new
                {
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VoterCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    VoterKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StreetCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Deadline = table.Column<long>(type: "INTEGER", nullable: false),
                    Choice = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    VotedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    VotedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RemindedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EscalatedToStreetAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EscalatedToSupervisorAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_votes", x => new { x.ApplicationId, x.VoterCode });
                });

            migrationBuilder.CreateIndex(
                name: "IX_adm_alerts_District_TargetRole_ResolvedAt",
                table: "adm_alerts",
                columns: new[] { "District", "TargetRole", "ResolvedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_adm_alerts_Key",
                table: "adm_alerts",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_adm_application_events_ApplicationId_Id",
                table: "adm_application_events",
                columns: new[] { "ApplicationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_adm_applications_District_Department_CreatedAt",
                table: "adm_applications",
                columns: new[] { "District", "Department", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_adm_applications_District_Stage",
                table: "adm_applications",
                columns: new[] { "District", "Stage" });

            migrationBuilder.CreateIndex(
                name: "IX_adm_correction_notices_ApplicationId",
                table: "adm_correction_notices",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_adm_dispatches_District_CommunityCode_Status",
                table: "adm_dispatches",
                columns: new[] { "District", "CommunityCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_adm_funding_disbursements_ApplicationId_CommunityCode",
                table: "adm_funding_disbursements",
                columns: new[] { "ApplicationId", "CommunityCode" });

            migrationBuilder.CreateIndex(
                name: "IX_adm_funding_ledger_District_CommunityCode",
                table: "adm_funding_ledger",
                columns: new[] { "District", "CommunityCode" });

            migrationBuilder.CreateIndex(
                name: "IX_adm_inspections_ApplicationId",
                table: "adm_inspections",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_adm_plan_list_ApplicationId",
                table: "adm_plan_list",
                column: "ApplicationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_adm_plan_list_District_Year_Series_Sequence",
                table: "adm_plan_list",
                columns: new[] { "District", "Year", "Series", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_adm_reference_lists_District_Kind_Version",
                table: "adm_reference_lists",
                columns: new[] { "District", "Kind", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_adm_review_windows_District_OpensOn",
                table: "adm_review_windows",
                columns: new[] { "District", "OpensOn" });

            migrationBuilder.CreateIndex(
                name: "IX_adm_votes_District_VoterCode_ClosedAt",
                table: "adm_votes",
                columns: new[] { "District", "VoterCode", "ClosedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "adm_alerts");

            migrationBuilder.DropTable(
                name: "adm_application_events");

            migrationBuilder.DropTable(
                name: "adm_applications");

            migrationBuilder.DropTable(
                name: "adm_calendar_years");

            migrationBuilder.DropTable(
                name: "adm_correction_notices");

            migrationBuilder.DropTable(
                name: "adm_dispatches");

            migrationBuilder.DropTable(
                name: "adm_funding_disbursements");

            migrationBuilder.DropTable(
                name: "adm_funding_ledger");

            migrationBuilder.DropTable(
                name: "adm_inspections");

            migrationBuilder.DropTable(
                name: "adm_plan_list");

            migrationBuilder.DropTable(
                name: "adm_reference_lists");

            migrationBuilder.DropTable(
                name: "adm_review_windows");

            migrationBuilder.DropTable(
                name: "adm_votes");
        }
    }
}
