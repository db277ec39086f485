using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TaskRouting.Server.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AccountabilityPortalWebhooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "adm_dispatches",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AlterColumn<string>(
                name: "TargetScope",
                table: "adm_alerts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64,
                oldNullable: true);

            migrationBuilder.CreateTable(
                name: "adm_burden_baselines",
                columns: table => new
                {
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Unit = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Items = table.Column<int>(type: "integer", nullable: false),
                    FormsAndLedgers = table.Column<int>(type: "integer", nullable: false),
                    Certificates = table.Column<int>(type: "integer", nullable: false),
                    HoursPerMonth = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    AsOf = table.Column<DateOnly>(type: "date", nullable: false),
                    Source = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_burden_baselines", x => new { x.District, x.Unit });
                });

            migrationBuilder.CreateTable(
                name: "adm_duty_roster",
                columns: table => new
                {
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    UserName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AssignedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_duty_roster", x => new { x.District, x.Date });
                });

            migrationBuilder.CreateTable(
                name: "adm_evaluations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CommunityCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StreetCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TargetKind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    TargetCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    Comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    SubmittedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_evaluations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_inspection_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Department = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    PreferredFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    PreferredTo = table.Column<DateOnly>(type: "date", nullable: true),
                    RequestedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_inspection_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_inspection_visits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CommunityCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StreetCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    ScheduledOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PlannedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PlannedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_inspection_visits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TitleZh = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublishedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Entries = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_notices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_violation_attachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Size = table.Column<int>(type: "integer", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_violation_attachments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_violation_cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Street = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Community = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ReportedUnit = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AdmissionNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    What = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Evidence = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Automatic = table.Column<bool>(type: "boolean", nullable: false),
                    ReportedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Remit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    AnsweringUnits = table.Column<List<string>>(type: "text[]", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AnswerDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Finding = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    FindingReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    FoundAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CorrectionDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CorrectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DutyOfficer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DutyDate = table.Column<DateOnly>(type: "date", nullable: true),
                    WorkflowInstanceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_violation_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_violation_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TextZh = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    TextEn = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_violation_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "uuid", nullable: false),
                    EventId = table.Column<long>(type: "bigint", nullable: true),
                    Type = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    PayloadJson = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FailedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastStatus = table.Column<int>(type: "integer", nullable: true),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Department = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Type = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    PayloadJson = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FannedOutAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_subscriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Department = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Events = table.Column<List<string>>(type: "text[]", nullable: false),
                    ProtectedSecret = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_subscriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_inspection_targets",
                columns: table => new
                {
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    District = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    VisitId = table.Column<Guid>(type: "uuid", nullable: true),
                    Compliant = table.Column<bool>(type: "boolean", nullable: true),
                    Findings = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_inspection_targets", x => new { x.RequestId, x.CommunityCode });
                    table.ForeignKey(
                        name: "FK_adm_inspection_targets_adm_inspection_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "adm_inspection_requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_adm_evaluations_CommunityCode_TargetCode_Period",
                table: "adm_evaluations",
                columns: new[] { "CommunityCode", "TargetCode", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_adm_evaluations_District_Period_TargetKind_TargetCode",
                table: "adm_evaluations",
                columns: new[] { "District", "Period", "TargetKind", "TargetCode" });

            migrationBuilder.CreateIndex(
                name: "IX_adm_inspection_requests_District_Department_Period",
                table: "adm_inspection_requests",
                columns: new[] { "District", "Department", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_adm_inspection_targets_District_Period_VisitId",
                table: "adm_inspection_targets",
                columns: new[] { "District", "Period", "VisitId" });

            migrationBuilder.CreateIndex(
                name: "IX_adm_inspection_targets_VisitId",
                table: "adm_inspection_targets",
                column: "VisitId");

            migrationBuilder.CreateIndex(
                name: "IX_adm_inspection_visits_District_CommunityCode_Period",
                table: "adm_inspection_visits",
                columns: new[] { "District", "CommunityCode", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_adm_inspection_visits_District_Period",
                table: "adm_inspection_visits",
                columns: new[] { "District", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_adm_notices_District_Period",
                table: "adm_notices",
                columns: new[] { "District", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_adm_violation_attachments_CaseId",
                table: "adm_violation_attachments",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_adm_violation_cases_District_FoundAt",
                table: "adm_violation_cases",
                columns: new[] { "District", "FoundAt" });

            migrationBuilder.CreateIndex(
                name: "IX_adm_violation_cases_District_ReportedUnit",
                table: "adm_violation_cases",
                columns: new[] { "District", "ReportedUnit" });

            migrationBuilder.CreateIndex(
                name: "IX_adm_violation_cases_District_Status",
                table: "adm_violation_cases",
                columns: new[] { "District", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_adm_violation_events_CaseId_Id",
                table: "adm_violation_events",
                columns: new[] { "CaseId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_DeliveredAt_FailedAt_NextAttemptAt",
                table: "webhook_deliveries",
                columns: new[] { "DeliveredAt", "FailedAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_SubscriptionId_EventId",
                table: "webhook_deliveries",
                columns: new[] { "SubscriptionId", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_webhook_events_FannedOutAt",
                table: "webhook_events",
                column: "FannedOutAt");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_subscriptions_District_Department",
                table: "webhook_subscriptions",
                columns: new[] { "District", "Department" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "adm_burden_baselines");

            migrationBuilder.DropTable(
                name: "adm_duty_roster");

            migrationBuilder.DropTable(
                name: "adm_evaluations");

            migrationBuilder.DropTable(
                name: "adm_inspection_targets");

            migrationBuilder.DropTable(
                name: "adm_inspection_visits");

            migrationBuilder.DropTable(
                name: "adm_notices");

            migrationBuilder.DropTable(
                name: "adm_violation_attachments");

            migrationBuilder.DropTable(
                name: "adm_violation_cases");

            migrationBuilder.DropTable(
                name: "adm_violation_events");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "webhook_events");

            migrationBuilder.DropTable(
                name: "webhook_subscriptions");

            migrationBuilder.DropTable(
                name: "adm_inspection_requests");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "adm_dispatches");

            migrationBuilder.AlterColumn<string>(
                name: "TargetScope",
                table: "adm_alerts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100,
                oldNullable: true);
        }
    }
}
