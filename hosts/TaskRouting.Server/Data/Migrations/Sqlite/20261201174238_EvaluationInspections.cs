using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskRouting.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EvaluationInspections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "adm_evaluations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CommunityCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StreetCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TargetKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    TargetCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_evaluations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_inspection_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    PreferredFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PreferredTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_inspection_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_inspection_visits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CommunityCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StreetCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    ScheduledOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PlannedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PlannedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adm_inspection_visits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "adm_inspection_targets",
                columns: table => new
                {
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommunityCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    VisitId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Compliant = table.Column<bool>(type: "INTEGER", nullable: true),
                    Findings = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "adm_evaluations");

            migrationBuilder.DropTable(
                name: "adm_inspection_targets");

            migrationBuilder.DropTable(
                name: "adm_inspection_visits");

            migrationBuilder.DropTable(
                name: "adm_inspection_requests");
        }
    }
}
