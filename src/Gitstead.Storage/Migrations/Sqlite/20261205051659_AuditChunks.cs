using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gitstead.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditChunks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditChunkTerms",
                columns: table => new
                {
                    ChunkKey = table.Column<long>(type: "INTEGER", nullable: false),
                    Term = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastTime = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditChunkTerms", x => new { x.ChunkKey, x.Term });
                });

            migrationBuilder.CreateTable(
                name: "AuditChunks",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Region = table.Column<string>(type: "TEXT", nullable: false),
                    FirstTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Events = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditChunks", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditChunkTerms_Term_LastTime",
                table: "AuditChunkTerms",
                columns: new[] { "Term", "LastTime" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditChunks_LastTime",
                table: "AuditChunks",
                column: "LastTime");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditChunkTerms");

            migrationBuilder.DropTable(
                name: "AuditChunks");
        }
    }
}
