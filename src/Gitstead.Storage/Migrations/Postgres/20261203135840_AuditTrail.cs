using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Gitstead.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LastUsedDate",
                table: "SshPublicKeys",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastUsedDate",
                table: "ServiceCredentials",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AuditEvents",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EventId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    Region = table.Column<string>(type: "text", nullable: false),
                    EventTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EventName = table.Column<string>(type: "text", nullable: false),
                    EventSource = table.Column<string>(type: "text", nullable: false),
                    ReadOnly = table.Column<bool>(type: "boolean", nullable: false),
                    Username = table.Column<string>(type: "text", nullable: true),
                    AccessKeyId = table.Column<string>(type: "text", nullable: true),
                    ResourceType = table.Column<string>(type: "text", nullable: true),
                    ResourceName = table.Column<string>(type: "text", nullable: true),
                    Record = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEvents", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_AccountId_Region_AccessKeyId_EventTime",
                table: "AuditEvents",
                columns: new[] { "AccountId", "Region", "AccessKeyId", "EventTime" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_AccountId_Region_EventName_EventTime",
                table: "AuditEvents",
                columns: new[] { "AccountId", "Region", "EventName", "EventTime" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_AccountId_Region_EventSource_EventTime",
                table: "AuditEvents",
                columns: new[] { "AccountId", "Region", "EventSource", "EventTime" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_AccountId_Region_EventTime",
                table: "AuditEvents",
                columns: new[] { "AccountId", "Region", "EventTime" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_AccountId_Region_ReadOnly_EventTime",
                table: "AuditEvents",
                columns: new[] { "AccountId", "Region", "ReadOnly", "EventTime" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_AccountId_Region_ResourceName_EventTime",
                table: "AuditEvents",
                columns: new[] { "AccountId", "Region", "ResourceName", "EventTime" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_AccountId_Region_ResourceType_EventTime",
                table: "AuditEvents",
                columns: new[] { "AccountId", "Region", "ResourceType", "EventTime" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_AccountId_Region_Username_EventTime",
                table: "AuditEvents",
                columns: new[] { "AccountId", "Region", "Username", "EventTime" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_EventId",
                table: "AuditEvents",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_EventTime",
                table: "AuditEvents",
                column: "EventTime");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "LastUsedDate",
                table: "SshPublicKeys");

            migrationBuilder.DropColumn(
                name: "LastUsedDate",
                table: "ServiceCredentials");
        }
    }
}
