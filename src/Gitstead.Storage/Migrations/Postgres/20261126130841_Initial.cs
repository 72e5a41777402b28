using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Gitstead.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccessKeys",
                columns: table => new
                {
                    AccessKeyId = table.Column<string>(type: "text", nullable: false),
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    UserKey = table.Column<long>(type: "bigint", nullable: true),
                    Slot = table.Column<int>(type: "integer", nullable: false),
                    SecretCiphertext = table.Column<byte[]>(type: "bytea", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    CreateDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastUsedDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastUsedService = table.Column<string>(type: "text", nullable: true),
                    LastUsedRegion = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessKeys", x => x.AccessKeyId);
                });

            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    RootEmail = table.Column<string>(type: "text", nullable: false),
                    RootPasswordHash = table.Column<string>(type: "text", nullable: false),
                    Alias = table.Column<string>(type: "text", nullable: true),
                    CreateDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PolicyGeneration = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GroupMembers",
                columns: table => new
                {
                    GroupKey = table.Column<long>(type: "bigint", nullable: false),
                    UserKey = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GroupMembers", x => new { x.GroupKey, x.UserKey });
                });

            migrationBuilder.CreateTable(
                name: "Groups",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    GroupId = table.Column<string>(type: "text", nullable: false),
                    GroupName = table.Column<string>(type: "text", nullable: false),
                    NameKey = table.Column<string>(type: "text", nullable: false),
                    Path = table.Column<string>(type: "text", nullable: false),
                    CreateDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Groups", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "InlinePolicies",
                columns: table => new
                {
                    PrincipalType = table.Column<string>(type: "text", nullable: false),
                    PrincipalKey = table.Column<long>(type: "bigint", nullable: false),
                    PolicyName = table.Column<string>(type: "text", nullable: false),
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    Document = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InlinePolicies", x => new { x.PrincipalType, x.PrincipalKey, x.PolicyName });
                });

            migrationBuilder.CreateTable(
                name: "LoginProfiles",
                columns: table => new
                {
                    UserKey = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PasswordHash = table.Column<string>(type: "text", nullable: false),
                    PasswordResetRequired = table.Column<bool>(type: "boolean", nullable: false),
                    CreateDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoginProfiles", x => x.UserKey);
                });

            migrationBuilder.CreateTable(
                name: "PasswordPolicies",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    MinimumPasswordLength = table.Column<int>(type: "integer", nullable: false),
                    RequireSymbols = table.Column<bool>(type: "boolean", nullable: false),
                    RequireNumbers = table.Column<bool>(type: "boolean", nullable: false),
                    RequireUppercaseCharacters = table.Column<bool>(type: "boolean", nullable: false),
                    RequireLowercaseCharacters = table.Column<bool>(type: "boolean", nullable: false),
                    AllowUsersToChangePassword = table.Column<bool>(type: "boolean", nullable: false),
                    MaxPasswordAge = table.Column<int>(type: "integer", nullable: true),
                    PasswordReusePrevention = table.Column<int>(type: "integer", nullable: true),
                    HardExpiry = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PasswordPolicies", x => x.AccountId);
                });

            migrationBuilder.CreateTable(
                name: "Policies",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    PolicyId = table.Column<string>(type: "text", nullable: false),
                    PolicyName = table.Column<string>(type: "text", nullable: false),
                    Path = table.Column<string>(type: "text", nullable: false),
                    Arn = table.Column<string>(type: "text", nullable: false),
                    DefaultVersionId = table.Column<string>(type: "text", nullable: false),
                    NextVersion = table.Column<int>(type: "integer", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    CreateDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdateDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Policies", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "PolicyAttachments",
                columns: table => new
                {
                    PrincipalType = table.Column<string>(type: "text", nullable: false),
                    PrincipalKey = table.Column<long>(type: "bigint", nullable: false),
                    PolicyArn = table.Column<string>(type: "text", nullable: false),
                    AccountId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyAttachments", x => new { x.PrincipalType, x.PrincipalKey, x.PolicyArn });
                });

            migrationBuilder.CreateTable(
                name: "PolicyVersions",
                columns: table => new
                {
                    PolicyKey = table.Column<long>(type: "bigint", nullable: false),
                    VersionId = table.Column<string>(type: "text", nullable: false),
                    Document = table.Column<string>(type: "text", nullable: false),
                    CreateDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyVersions", x => new { x.PolicyKey, x.VersionId });
                });

            migrationBuilder.CreateTable(
                name: "Repositories",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    Region = table.Column<string>(type: "text", nullable: false),
                    RepositoryId = table.Column<string>(type: "text", nullable: true),
                    RepositoryName = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    DefaultBranch = table.Column<string>(type: "text", nullable: true),
                    KmsKeyId = table.Column<string>(type: "text", nullable: true),
                    CreationDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastModifiedDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Repositories", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "ServiceCredentials",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    UserKey = table.Column<long>(type: "bigint", nullable: false),
                    ServiceName = table.Column<string>(type: "text", nullable: false),
                    ServiceUserName = table.Column<string>(type: "text", nullable: false),
                    Slot = table.Column<int>(type: "integer", nullable: false),
                    PasswordHash = table.Column<byte[]>(type: "bytea", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    CreateDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceCredentials", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SessionCredentials",
                columns: table => new
                {
                    AccessKeyId = table.Column<string>(type: "text", nullable: false),
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    UserKey = table.Column<long>(type: "bigint", nullable: true),
                    ParentAccessKeyId = table.Column<string>(type: "text", nullable: false),
                    SecretCiphertext = table.Column<byte[]>(type: "bytea", nullable: false),
                    TokenHash = table.Column<byte[]>(type: "bytea", nullable: false),
                    Expiration = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreateDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    MultiFactorAuthPresent = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionCredentials", x => x.AccessKeyId);
                });

            migrationBuilder.CreateTable(
                name: "SshPublicKeys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    UserKey = table.Column<long>(type: "bigint", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Fingerprint = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    UploadDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SshPublicKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Users",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    UserName = table.Column<string>(type: "text", nullable: false),
                    NameKey = table.Column<string>(type: "text", nullable: false),
                    Path = table.Column<string>(type: "text", nullable: false),
                    CreateDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PasswordLastUsed = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PermissionsBoundaryArn = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Users", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "RepositoryTags",
                columns: table => new
                {
                    RepositoryKey = table.Column<long>(type: "bigint", nullable: false),
                    Key = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RepositoryTags", x => new { x.RepositoryKey, x.Key });
                    table.ForeignKey(
                        name: "FK_RepositoryTags_Repositories_RepositoryKey",
                        column: x => x.RepositoryKey,
                        principalTable: "Repositories",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UserTags",
                columns: table => new
                {
                    UserKey = table.Column<long>(type: "bigint", nullable: false),
                    Key = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserTags", x => new { x.UserKey, x.Key });
                    table.ForeignKey(
                        name: "FK_UserTags_Users_UserKey",
                        column: x => x.UserKey,
                        principalTable: "Users",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccessKeys_AccountId_UserKey_Slot",
                table: "AccessKeys",
                columns: new[] { "AccountId", "UserKey", "Slot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_Alias",
                table: "Accounts",
                column: "Alias",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GroupMembers_UserKey",
                table: "GroupMembers",
                column: "UserKey");

            migrationBuilder.CreateIndex(
                name: "IX_Groups_AccountId_NameKey",
                table: "Groups",
                columns: new[] { "AccountId", "NameKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Groups_GroupId",
                table: "Groups",
                column: "GroupId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Policies_Arn",
                table: "Policies",
                column: "Arn",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Policies_PolicyId",
                table: "Policies",
                column: "PolicyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PolicyAttachments_PolicyArn",
                table: "PolicyAttachments",
                column: "PolicyArn");

            migrationBuilder.CreateIndex(
                name: "IX_Repositories_AccountId_Region_RepositoryName",
                table: "Repositories",
                columns: new[] { "AccountId", "Region", "RepositoryName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Repositories_RepositoryId",
                table: "Repositories",
                column: "RepositoryId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceCredentials_ServiceUserName",
                table: "ServiceCredentials",
                column: "ServiceUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceCredentials_UserKey_ServiceName_Slot",
                table: "ServiceCredentials",
                columns: new[] { "UserKey", "ServiceName", "Slot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SessionCredentials_Expiration",
                table: "SessionCredentials",
                column: "Expiration");

            migrationBuilder.CreateIndex(
                name: "IX_SshPublicKeys_UserKey_Fingerprint",
                table: "SshPublicKeys",
                columns: new[] { "UserKey", "Fingerprint" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Users_AccountId_NameKey",
                table: "Users",
                columns: new[] { "AccountId", "NameKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserId",
                table: "Users",
                column: "UserId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccessKeys");

            migrationBuilder.DropTable(
                name: "Accounts");

            migrationBuilder.DropTable(
                name: "GroupMembers");

            migrationBuilder.DropTable(
                name: "Groups");

            migrationBuilder.DropTable(
                name: "InlinePolicies");

            migrationBuilder.DropTable(
                name: "LoginProfiles");

            migrationBuilder.DropTable(
                name: "PasswordPolicies");

            migrationBuilder.DropTable(
                name: "Policies");

            migrationBuilder.DropTable(
                name: "PolicyAttachments");

            migrationBuilder.DropTable(
                name: "PolicyVersions");

            migrationBuilder.DropTable(
                name: "RepositoryTags");

            migrationBuilder.DropTable(
                name: "ServiceCredentials");

            migrationBuilder.DropTable(
                name: "SessionCredentials");

            migrationBuilder.DropTable(
                name: "SshPublicKeys");

            migrationBuilder.DropTable(
                name: "UserTags");

            migrationBuilder.DropTable(
                name: "Repositories");

            migrationBuilder.DropTable(
                name: "Users");
        }
    }
}
