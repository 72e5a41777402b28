using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gitstead.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KmsKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "DataKeyCiphertext",
                table: "Repositories",
                type: "BLOB",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "KmsKeys",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    KeyId = table.Column<string>(type: "TEXT", nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Region = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    KeyManager = table.Column<string>(type: "TEXT", nullable: false),
                    KeyUsage = table.Column<string>(type: "TEXT", nullable: false),
                    KeySpec = table.Column<string>(type: "TEXT", nullable: false),
                    KeyState = table.Column<string>(type: "TEXT", nullable: false),
                    Policy = table.Column<string>(type: "TEXT", nullable: false),
                    CreationDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeletionDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PendingWindowInDays = table.Column<int>(type: "INTEGER", nullable: true),
                    RotationEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    RotationPeriodInDays = table.Column<int>(type: "INTEGER", nullable: true),
                    NextRotationDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CurrentVersion = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KmsKeys", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "KmsAliases",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Region = table.Column<string>(type: "TEXT", nullable: false),
                    AliasName = table.Column<string>(type: "TEXT", nullable: false),
                    TargetKeyKey = table.Column<long>(type: "INTEGER", nullable: false),
                    CreationDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastUpdatedDate = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KmsAliases", x => x.Key);
                    table.ForeignKey(
                        name: "FK_KmsAliases_KmsKeys_TargetKeyKey",
                        column: x => x.TargetKeyKey,
                        principalTable: "KmsKeys",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KmsKeyMaterials",
                columns: table => new
                {
                    KeyKey = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    SealedMaterial = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreationDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RotationType = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KmsKeyMaterials", x => new { x.KeyKey, x.Version });
                    table.ForeignKey(
                        name: "FK_KmsKeyMaterials_KmsKeys_KeyKey",
                        column: x => x.KeyKey,
                        principalTable: "KmsKeys",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KmsKeyTags",
                columns: table => new
                {
                    KeyKey = table.Column<long>(type: "INTEGER", nullable: false),
                    TagKey = table.Column<string>(type: "TEXT", nullable: false),
                    TagValue = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KmsKeyTags", x => new { x.KeyKey, x.TagKey });
                    table.ForeignKey(
                        name: "FK_KmsKeyTags_KmsKeys_KeyKey",
                        column: x => x.KeyKey,
                        principalTable: "KmsKeys",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KmsAliases_AccountId_Region_AliasName",
                table: "KmsAliases",
                columns: new[] { "AccountId", "Region", "AliasName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_KmsAliases_TargetKeyKey",
                table: "KmsAliases",
                column: "TargetKeyKey");

            migrationBuilder.CreateIndex(
                name: "IX_KmsKeys_AccountId_Region_KeyId",
                table: "KmsKeys",
                columns: new[] { "AccountId", "Region", "KeyId" });

            migrationBuilder.CreateIndex(
                name: "IX_KmsKeys_DeletionDate",
                table: "KmsKeys",
                column: "DeletionDate");

            migrationBuilder.CreateIndex(
                name: "IX_KmsKeys_KeyId",
                table: "KmsKeys",
                column: "KeyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_KmsKeys_NextRotationDate",
                table: "KmsKeys",
                column: "NextRotationDate");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KmsAliases");

            migrationBuilder.DropTable(
                name: "KmsKeyMaterials");

            migrationBuilder.DropTable(
                name: "KmsKeyTags");

            migrationBuilder.DropTable(
                name: "KmsKeys");

            migrationBuilder.DropColumn(
                name: "DataKeyCiphertext",
                table: "Repositories");
        }
    }
}
