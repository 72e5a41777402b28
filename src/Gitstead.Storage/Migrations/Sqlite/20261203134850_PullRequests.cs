using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gitstead.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PullRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PullRequests",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Region = table.Column<string>(type: "TEXT", nullable: false),
                    Number = table.Column<long>(type: "INTEGER", nullable: false),
                    RepositoryKey = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    AuthorArn = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    ClientRequestToken = table.Column<string>(type: "TEXT", nullable: true),
                    RequestHash = table.Column<string>(type: "TEXT", nullable: true),
                    CreationDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastActivityDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SourceReference = table.Column<string>(type: "TEXT", nullable: false),
                    DestinationReference = table.Column<string>(type: "TEXT", nullable: false),
                    SourceCommit = table.Column<string>(type: "TEXT", nullable: false),
                    DestinationCommit = table.Column<string>(type: "TEXT", nullable: false),
                    MergeBase = table.Column<string>(type: "TEXT", nullable: true),
                    RevisionId = table.Column<string>(type: "TEXT", nullable: false),
                    IsMerged = table.Column<bool>(type: "INTEGER", nullable: false),
                    MergedBy = table.Column<string>(type: "TEXT", nullable: true),
                    MergeCommitId = table.Column<string>(type: "TEXT", nullable: true),
                    MergeOption = table.Column<string>(type: "TEXT", nullable: true),
                    OverriddenBy = table.Column<string>(type: "TEXT", nullable: true),
                    OverriddenRevisionId = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PullRequests", x => x.Key);
                    table.ForeignKey(
                        name: "FK_PullRequests_Repositories_RepositoryKey",
                        column: x => x.RepositoryKey,
                        principalTable: "Repositories",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PullRequestApprovalRules",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PullRequestKey = table.Column<long>(type: "INTEGER", nullable: false),
                    ApprovalRuleId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    CreationDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastModifiedDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastModifiedUser = table.Column<string>(type: "TEXT", nullable: false),
                    TemplateId = table.Column<string>(type: "TEXT", nullable: true),
                    TemplateName = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PullRequestApprovalRules", x => x.Key);
                    table.ForeignKey(
                        name: "FK_PullRequestApprovalRules_PullRequests_PullRequestKey",
                        column: x => x.PullRequestKey,
                        principalTable: "PullRequests",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PullRequestApprovals",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PullRequestKey = table.Column<long>(type: "INTEGER", nullable: false),
                    RevisionId = table.Column<string>(type: "TEXT", nullable: false),
                    UserArn = table.Column<string>(type: "TEXT", nullable: false),
                    CreationDate = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PullRequestApprovals", x => x.Key);
                    table.ForeignKey(
                        name: "FK_PullRequestApprovals_PullRequests_PullRequestKey",
                        column: x => x.PullRequestKey,
                        principalTable: "PullRequests",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PullRequestEvents",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PullRequestKey = table.Column<long>(type: "INTEGER", nullable: false),
                    EventType = table.Column<string>(type: "TEXT", nullable: false),
                    ActorArn = table.Column<string>(type: "TEXT", nullable: true),
                    EventDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    MetadataJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PullRequestEvents", x => x.Key);
                    table.ForeignKey(
                        name: "FK_PullRequestEvents_PullRequests_PullRequestKey",
                        column: x => x.PullRequestKey,
                        principalTable: "PullRequests",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PullRequestApprovalRules_PullRequestKey_Name",
                table: "PullRequestApprovalRules",
                columns: new[] { "PullRequestKey", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PullRequestApprovals_PullRequestKey_RevisionId_UserArn",
                table: "PullRequestApprovals",
                columns: new[] { "PullRequestKey", "RevisionId", "UserArn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PullRequestEvents_PullRequestKey_Key",
                table: "PullRequestEvents",
                columns: new[] { "PullRequestKey", "Key" });

            migrationBuilder.CreateIndex(
                name: "IX_PullRequests_AccountId_Region_Number",
                table: "PullRequests",
                columns: new[] { "AccountId", "Region", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PullRequests_AuthorArn_ClientRequestToken",
                table: "PullRequests",
                columns: new[] { "AuthorArn", "ClientRequestToken" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PullRequests_RepositoryKey_Status_Number",
                table: "PullRequests",
                columns: new[] { "RepositoryKey", "Status", "Number" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PullRequestApprovalRules");

            migrationBuilder.DropTable(
                name: "PullRequestApprovals");

            migrationBuilder.DropTable(
                name: "PullRequestEvents");

            migrationBuilder.DropTable(
                name: "PullRequests");
        }
    }
}
