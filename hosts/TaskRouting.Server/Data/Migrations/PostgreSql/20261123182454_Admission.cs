using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TaskRouting.Server.Data.Migrations.PostgreSql
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    TargetRole = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    TargetScope = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: true),
                    TextZh = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    TextEn = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResolvedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_application_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Stage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TextZh = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    TextEn = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_application_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_applications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Department = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    LegalBasis = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    WholeDistrict = table.Column<bool>(type: "boolean", nullable: false),
                    TargetStreets = table.Column<List<string>>(type: "text[]", nullable: false),
                    TargetCommunities = table.Column<List<string>>(type: "text[]", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    DurationMonths = table.Column<int>(type: "integer", nullable: false),
                    WorkloadHoursPerMonth = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    FundingPerCommunity = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    SupportPersonnel = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    SupportTraining = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    SupportGuidance = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Urgent = table.Column<bool>(type: "boolean", nullable: false),
                    UrgencyJustification = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    NeededBy = table.Column<DateOnly>(type: "date", nullable: true),
                    Stage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    StageSince = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WaitingForZh = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    WaitingForEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    WaitingUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Decision = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    DecisionReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    DecisionReference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    BurdenFlagged = table.Column<bool>(type: "boolean", nullable: false),
                    BurdenDetail = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    WorkflowInstanceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AdmissionNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false),
                    FormsAndLedgers = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_applications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_calendar_years",
                columns: table => new
                {
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    Source = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_calendar_years", x => new { x.Year, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "adm_correction_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Department = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Findings = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Report = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CorrectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_correction_notices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_dispatches",
                columns: table => new
                {
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StreetCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AdmissionNumber = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DispatchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AcknowledgeBy = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RefusedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Report = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    UpdatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    EscalatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_dispatches", x => new { x.ApplicationId, x.CommunityCode });
                });

            migrationBuilder.CreateTable(
                name: "adm_funding_disbursements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_funding_disbursements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_funding_ledger",
                columns: table => new
                {
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Department = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Pledged = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    Confirmed = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    Disbursed = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    ConfirmedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_funding_ledger", x => new { x.ApplicationId, x.CommunityCode });
                });

            migrationBuilder.CreateTable(
                name: "adm_inspections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Compliant = table.Column<bool>(type: "boolean", nullable: false),
                    Findings = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Inspector = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Round = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_inspections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_plan_list",
                columns: table => new
                {
                    Number = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Series = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Department = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    WorkloadHoursPerMonth = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    FundingPerCommunity = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    Communities = table.Column<List<string>>(type: "text[]", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    DurationMonths = table.Column<int>(type: "integer", nullable: false),
                    AdmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ApprovedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_plan_list", x => x.Number);
                });

            migrationBuilder.CreateTable(
                name: "adm_reference_lists",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ItemsJson = table.Column<string>(type: "text", nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_reference_lists", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_review_windows",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Half = table.Column<int>(type: "integer", nullable: false),
                    OpensOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ClosesOn = table.Column<DateOnly>(type: "date", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Applications = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_review_windows", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_votes",
                columns: table => new
                {
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    VoterCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    VoterKind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    StreetCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Choice = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    VotedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    VotedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RemindedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EscalatedToStreetAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EscalatedToSupervisorAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
