using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskRouting.Streets.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "gw_ballots",
                columns: table => new
                {
                    VoteRequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Street = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    VoterCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    WorkloadHoursPerMonth = table.Column<decimal>(type: "TEXT", nullable: false),
                    FundingPerCommunity = table.Column<decimal>(type: "TEXT", nullable: false),
                    BurdenFlagged = table.Column<bool>(type: "INTEGER", nullable: false),
                    Deadline = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Choice = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CastBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CastAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gw_ballots", x => x.VoteRequestId);
                });

            migrationBuilder.CreateTable(
                name: "gw_dead_letters",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Queue = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    FailedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReplayedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReplayedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gw_dead_letters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gw_inbox",
                columns: table => new
                {
                    Consumer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gw_inbox", x => new { x.Consumer, x.MessageId });
                });

            migrationBuilder.CreateTable(
                name: "gw_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Street = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TargetCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AdmissionNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    TextZh = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    TextEn = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gw_notices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gw_outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gw_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gw_plan_list",
                columns: table => new
                {
                    AdmissionNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gw_plan_list", x => x.AdmissionNumber);
                });

            migrationBuilder.CreateTable(
                name: "gw_tasks",
                columns: table => new
                {
                    DispatchId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AdmissionNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Street = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Community = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    WorkloadHoursPerMonth = table.Column<decimal>(type: "TEXT", nullable: false),
                    Funding = table.Column<decimal>(type: "TEXT", nullable: false),
                    AcknowledgeBy = table.Column<long>(type: "INTEGER", nullable: false),
                    DispatchedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RefusedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RefusalReason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Report = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gw_tasks", x => x.DispatchId);
                });

            migrationBuilder.CreateTable(
                name: "gw_violations",
                columns: table => new
                {
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Street = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Community = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ReportedUnit = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AdmissionNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    What = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Automatic = table.Column<bool>(type: "INTEGER", nullable: false),
                    DispatchId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReportedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gw_violations", x => x.ReportId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_gw_ballots_District_VoterCode_ApplicationId",
                table: "gw_ballots",
                columns: new[] { "District", "VoterCode", "ApplicationId" });

            migrationBuilder.CreateIndex(
                name: "IX_gw_dead_letters_FailedAt",
                table: "gw_dead_letters",
                column: "FailedAt");

            migrationBuilder.CreateIndex(
                name: "IX_gw_inbox_ProcessedAt",
                table: "gw_inbox",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_gw_notices_District_TargetCode_IssuedAt",
                table: "gw_notices",
                columns: new[] { "District", "TargetCode", "IssuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_gw_outbox_MessageId",
                table: "gw_outbox",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_gw_outbox_pending",
                table: "gw_outbox",
                column: "Id",
                filter: "\"SentAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_gw_tasks_District_Community_Status",
                table: "gw_tasks",
                columns: new[] { "District", "Community", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_gw_tasks_District_Street",
                table: "gw_tasks",
                columns: new[] { "District", "Street" });

            migrationBuilder.CreateIndex(
                name: "IX_gw_violations_District_Street_ReportedAt",
                table: "gw_violations",
                columns: new[] { "District", "Street", "ReportedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "gw_ballots");

            migrationBuilder.DropTable(
                name: "gw_dead_letters");

            migrationBuilder.DropTable(
                name: "gw_inbox");

            migrationBuilder.DropTable(
                name: "gw_notices");

            migrationBuilder.DropTable(
                name: "gw_outbox");

            migrationBuilder.DropTable(
                name: "gw_plan_list");

            migrationBuilder.DropTable(
                name: "gw_tasks");

            migrationBuilder.DropTable(
                name: "gw_violations");
        }
    }
}
