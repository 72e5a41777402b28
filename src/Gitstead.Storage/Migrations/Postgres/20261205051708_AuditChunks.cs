using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Gitstead.Storage.Migrations.Postgres
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
                    ChunkKey = table.Column<long>(type: "bigint", nullable: false),
                    Term = table.Column<long>(type: "bigint", nullable: false),
                    FirstTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditChunkTerms", x => new { x.ChunkKey, x.Term });
                });

            migrationBuilder.CreateTable(
                name: "AuditChunks",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    Region = table.Column<string>(type: "text", nullable: false),
                    FirstTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    Events = table.Column<byte[]>(type: "bytea", nullable: false)
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
