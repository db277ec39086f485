using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TaskRouting.Server.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Accountability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "adm_duty_roster");

            migrationBuilder.DropTable(
                name: "adm_notices");

            migrationBuilder.DropTable(
                name: "adm_violation_attachments");

            migrationBuilder.DropTable(
                name: "adm_violation_cases");

            migrationBuilder.DropTable(
                name: "adm_violation_events");

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
