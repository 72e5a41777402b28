using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gitstead.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Comments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Comments",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommentId = table.Column<string>(type: "TEXT", nullable: true),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Region = table.Column<string>(type: "TEXT", nullable: false),
                    RepositoryKey = table.Column<long>(type: "INTEGER", nullable: false),
                    PullRequestId = table.Column<string>(type: "TEXT", nullable: true),
                    BeforeCommitId = table.Column<string>(type: "TEXT", nullable: true),
                    AfterCommitId = table.Column<string>(type: "TEXT", nullable: false),
                    BeforeBlobId = table.Column<string>(type: "TEXT", nullable: true),
                    AfterBlobId = table.Column<string>(type: "TEXT", nullable: true),
                    FilePath = table.Column<string>(type: "TEXT", nullable: true),
                    FilePosition = table.Column<long>(type: "INTEGER", nullable: true),
                    RelativeFileVersion = table.Column<string>(type: "TEXT", nullable: true),
                    InReplyTo = table.Column<string>(type: "TEXT", nullable: true),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    Deleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    AuthorArn = table.Column<string>(type: "TEXT", nullable: false),
                    ClientRequestToken = table.Column<string>(type: "TEXT", nullable: true),
                    RequestHash = table.Column<string>(type: "TEXT", nullable: true),
                    CreationDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastModifiedDate = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Comments", x => x.Key);
                    table.ForeignKey(
                        name: "FK_Comments_Repositories_RepositoryKey",
                        column: x => x.RepositoryKey,
                        principalTable: "Repositories",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CommentReactions",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommentKey = table.Column<long>(type: "INTEGER", nullable: false),
                    UserArn = table.Column<string>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: false),
                    CreationDate = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommentReactions", x => x.Key);
                    table.ForeignKey(
                        name: "FK_CommentReactions_Comments_CommentKey",
                        column: x => x.CommentKey,
                        principalTable: "Comments",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CommentReactions_CommentKey_UserArn",
                table: "CommentReactions",
                columns: new[] { "CommentKey", "UserArn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Comments_AccountId_Region_PullRequestId_Key",
                table: "Comments",
                columns: new[] { "AccountId", "Region", "PullRequestId", "Key" });

            migrationBuilder.CreateIndex(
                name: "IX_Comments_AuthorArn_ClientRequestToken",
                table: "Comments",
                columns: new[] { "AuthorArn", "ClientRequestToken" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Comments_CommentId",
                table: "Comments",
                column: "CommentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Comments_RepositoryKey_AfterCommitId_Key",
                table: "Comments",
                columns: new[] { "RepositoryKey", "AfterCommitId", "Key" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CommentReactions");

            migrationBuilder.DropTable(
                name: "Comments");
        }
    }
}
