using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gitstead.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RepositoryTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RepositoryTriggerSets",
                columns: table => new
                {
                    RepositoryKey = table.Column<long>(type: "INTEGER", nullable: false),
                    ConfigurationId = table.Column<string>(type: "TEXT", nullable: false),
                    TriggersJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RepositoryTriggerSets", x => x.RepositoryKey);
                    table.ForeignKey(
                        name: "FK_RepositoryTriggerSets_Repositories_RepositoryKey",
                        column: x => x.RepositoryKey,
                        principalTable: "Repositories",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TriggerDeliveries",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Region = table.Column<string>(type: "TEXT", nullable: false),
                    DestinationArn = table.Column<string>(type: "TEXT", nullable: false),
                    TriggerName = table.Column<string>(type: "TEXT", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClaimToken = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimedUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Abandoned = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TriggerDeliveries", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TriggerDeliveries_Abandoned_NextAttemptAt",
                table: "TriggerDeliveries",
                columns: new[] { "Abandoned", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RepositoryTriggerSets");

            migrationBuilder.DropTable(
                name: "TriggerDeliveries");
        }
    }
}
