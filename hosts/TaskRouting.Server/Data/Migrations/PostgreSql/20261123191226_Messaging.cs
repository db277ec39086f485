using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TaskRouting.Server.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Messaging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "RequestId",
                table: "adm_votes",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "DispatchId",
                table: "adm_dispatches",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateTable(
                name: "msg_dead_letters",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: true),
                    MessageType = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Queue = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    FailedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReplayedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReplayedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_msg_dead_letters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "msg_inbox",
                columns: table => new
                {
                    Consumer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProcessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_msg_inbox", x => new { x.Consumer, x.MessageId });
                });

            migrationBuilder.CreateTable(
                name: "msg_outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageType = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_msg_outbox", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_adm_votes_RequestId",
                table: "adm_votes",
                column: "RequestId");

            // Rows written before this migration get ids of their own, so the unique index holds.
            migrationBuilder.Sql("UPDATE adm_dispatches SET \"DispatchId\" = gen_random_uuid(); UPDATE adm_votes SET \"RequestId\" = gen_random_uuid();");

            migrationBuilder.CreateIndex(
                name: "IX_adm_dispatches_DispatchId",
                table: "adm_dispatches",
                column: "DispatchId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_msg_dead_letters_FailedAt",
                table: "msg_dead_letters",
                column: "FailedAt");

            migrationBuilder.CreateIndex(
                name: "IX_msg_inbox_ProcessedAt",
                table: "msg_inbox",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_msg_outbox_MessageId",
                table: "msg_outbox",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_msg_outbox_pending",
                table: "msg_outbox",
                column: "Id",
                filter: "\"SentAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "msg_dead_letters");

            migrationBuilder.DropTable(
                name: "msg_inbox");

            migrationBuilder.DropTable(
                name: "msg_outbox");

            migrationBuilder.DropIndex(
                name: "IX_adm_votes_RequestId",
                table: "adm_votes");

            migrationBuilder.DropIndex(
                name: "IX_adm_dispatches_DispatchId",
                table: "adm_dispatches");

            migrationBuilder.DropColumn(
                name: "RequestId",
                table: "adm_votes");

            migrationBuilder.DropColumn(
                name: "DispatchId",
                table: "adm_dispatches");
        }
    }
}
