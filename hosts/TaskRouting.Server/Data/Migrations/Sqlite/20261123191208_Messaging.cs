using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskRouting.Server.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "DispatchId",
                table: "adm_dispatches",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateTable(
                name: "msg_dead_letters",
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
                    table.PrimaryKey("PK_msg_dead_letters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "msg_inbox",
                columns: table => new
                {
                    Consumer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_msg_inbox", x => new { x.Consumer, x.MessageId });
                });

            migrationBuilder.CreateTable(
                name: "msg_outbox",
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
                    table.PrimaryKey("PK_msg_outbox", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_adm_votes_RequestId",
                table: "adm_votes",
                column: "RequestId");

            // Rows written before this migration get ids of their own, so the unique index holds.
            migrationBuilder.Sql("UPDATE adm_dispatches SET DispatchId = upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))); UPDATE adm_votes SET RequestId = upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)));");

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
