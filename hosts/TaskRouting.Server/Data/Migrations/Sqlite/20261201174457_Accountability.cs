using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskRouting.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Accountability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "adm_duty_roster",
                columns: table => new
                {
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AssignedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AssignedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_duty_roster", x => new { x.District, x.Date });
                });

            migrationBuilder.CreateTable(
                name: "adm_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TitleZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Entries = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_notices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_violation_attachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Size = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_violation_attachments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_violation_cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Street = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Community = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ReportedUnit = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AdmissionNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    What = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Automatic = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Remit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    AnsweringUnits = table.Column<string>(type: "TEXT", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnswerDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Finding = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    FindingReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FoundAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CorrectionDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CorrectedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DutyOfficer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DutyDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    WorkflowInstanceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_violation_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_violation_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TextZh = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    TextEn = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
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
        }
    }
}
