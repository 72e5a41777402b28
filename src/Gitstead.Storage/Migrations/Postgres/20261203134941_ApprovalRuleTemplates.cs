using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Gitstead.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApprovalRuleTemplates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ApprovalRuleTemplates",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TemplateId = table.Column<string>(type: "text", nullable: false),
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    Region = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    ContentSha256 = table.Column<string>(type: "text", nullable: false),
                    LastModifiedUser = table.Column<string>(type: "text", nullable: false),
                    CreationDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastModifiedDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApprovalRuleTemplates", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "ApprovalRuleTemplateAssociations",
                columns: table => new
                {
                    TemplateKey = table.Column<long>(type: "bigint", nullable: false),
                    RepositoryKey = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApprovalRuleTemplateAssociations", x => new { x.TemplateKey, x.RepositoryKey });
                    table.ForeignKey(
                        name: "FK_ApprovalRuleTemplateAssociations_ApprovalRuleTemplates_Temp~",
                        column: x => x.TemplateKey,
                        principalTable: "ApprovalRuleTemplates",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ApprovalRuleTemplateAssociations_Repositories_RepositoryKey",
                        column: x => x.RepositoryKey,
                        principalTable: "Repositories",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRuleTemplateAssociations_RepositoryKey",
                table: "ApprovalRuleTemplateAssociations",
                column: "RepositoryKey");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRuleTemplates_AccountId_Region_Name",
                table: "ApprovalRuleTemplates",
                columns: new[] { "AccountId", "Region", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRuleTemplates_TemplateId",
                table: "ApprovalRuleTemplates",
                column: "TemplateId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApprovalRuleTemplateAssociations");

            migrationBuilder.DropTable(
                name: "ApprovalRuleTemplates");
        }
    }
}
