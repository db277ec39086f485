using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskRouting.Server.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Burden : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "adm_burden_baselines");
        }
    }
}
