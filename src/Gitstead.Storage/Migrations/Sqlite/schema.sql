CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "AccessKeys" (
    "AccessKeyId" TEXT NOT NULL CONSTRAINT "PK_AccessKeys" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "UserKey" INTEGER NULL,
    "Slot" INTEGER NOT NULL,
    "SecretCiphertext" BLOB NOT NULL,
    "Status" TEXT NOT NULL,
    "CreateDate" TEXT NOT NULL,
    "LastUsedDate" TEXT NULL,
    "LastUsedService" TEXT NULL,
    "LastUsedRegion" TEXT NULL
);

CREATE TABLE "Accounts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Accounts" PRIMARY KEY,
    "RootEmail" TEXT NOT NULL,
    "RootPasswordHash" TEXT NOT NULL,
    "Alias" TEXT NULL,
    "CreateDate" TEXT NOT NULL,
    "PolicyGeneration" INTEGER NOT NULL
);

CREATE TABLE "GroupMembers" (
    "GroupKey" INTEGER NOT NULL,
    "UserKey" INTEGER NOT NULL,
    CONSTRAINT "PK_GroupMembers" PRIMARY KEY ("GroupKey", "UserKey")
);

CREATE TABLE "Groups" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_Groups" PRIMARY KEY AUTOINCREMENT,
    "AccountId" TEXT NOT NULL,
    "GroupId" TEXT NOT NULL,
    "GroupName" TEXT NOT NULL,
    "NameKey" TEXT NOT NULL,
    "Path" TEXT NOT NULL,
    "CreateDate" TEXT NOT NULL
);

CREATE TABLE "InlinePolicies" (
    "PrincipalType" TEXT NOT NULL,
    "PrincipalKey" INTEGER NOT NULL,
    "PolicyName" TEXT NOT NULL,
    "AccountId" TEXT NOT NULL,
    "Document" TEXT NOT NULL,
    CONSTRAINT "PK_InlinePolicies" PRIMARY KEY ("PrincipalType", "PrincipalKey", "PolicyName")
);

CREATE TABLE "LoginProfiles" (
    "UserKey" INTEGER NOT NULL CONSTRAINT "PK_LoginProfiles" PRIMARY KEY AUTOINCREMENT,
    "PasswordHash" TEXT NOT NULL,
    "PasswordResetRequired" INTEGER NOT NULL,
    "CreateDate" TEXT NOT NULL
);

CREATE TABLE "PasswordPolicies" (
    "AccountId" TEXT NOT NULL CONSTRAINT "PK_PasswordPolicies" PRIMARY KEY,
    "MinimumPasswordLength" INTEGER NOT NULL,
    "RequireSymbols" INTEGER NOT NULL,
    "RequireNumbers" INTEGER NOT NULL,
    "RequireUppercaseCharacters" INTEGER NOT NULL,
    "RequireLowercaseCharacters" INTEGER NOT NULL,
    "AllowUsersToChangePassword" INTEGER NOT NULL,
    "MaxPasswordAge" INTEGER NULL,
    "PasswordReusePrevention" INTEGER NULL,
    "HardExpiry" INTEGER NOT NULL
);

CREATE TABLE "Policies" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_Policies" PRIMARY KEY AUTOINCREMENT,
    "AccountId" TEXT NOT NULL,
    "PolicyId" TEXT NOT NULL,
    "PolicyName" TEXT NOT NULL,
    "Path" TEXT NOT NULL,
    "Arn" TEXT NOT NULL,
    "DefaultVersionId" TEXT NOT NULL,
    "NextVersion" INTEGER NOT NULL,
    "Description" TEXT NULL,
    "CreateDate" TEXT NOT NULL,
    "UpdateDate" TEXT NOT NULL
);

CREATE TABLE "PolicyAttachments" (
    "PrincipalType" TEXT NOT NULL,
    "PrincipalKey" INTEGER NOT NULL,
    "PolicyArn" TEXT NOT NULL,
    "AccountId" TEXT NOT NULL,
    CONSTRAINT "PK_PolicyAttachments" PRIMARY KEY ("PrincipalType", "PrincipalKey", "PolicyArn")
);

CREATE TABLE "PolicyVersions" (
    "PolicyKey" INTEGER NOT NULL,
    "VersionId" TEXT NOT NULL,
    "Document" TEXT NOT NULL,
    "CreateDate" TEXT NOT NULL,
    CONSTRAINT "PK_PolicyVersions" PRIMARY KEY ("PolicyKey", "VersionId")
);

CREATE TABLE "Repositories" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_Repositories" PRIMARY KEY AUTOINCREMENT,
    "AccountId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "RepositoryId" TEXT NULL,
    "RepositoryName" TEXT NOT NULL,
    "Description" TEXT NULL,
    "DefaultBranch" TEXT NULL,
    "KmsKeyId" TEXT NULL,
    "CreationDate" TEXT NOT NULL,
    "LastModifiedDate" TEXT NOT NULL
);

CREATE TABLE "ServiceCredentials" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ServiceCredentials" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "UserKey" INTEGER NOT NULL,
    "ServiceName" TEXT NOT NULL,
    "ServiceUserName" TEXT NOT NULL,
    "Slot" INTEGER NOT NULL,
    "PasswordHash" BLOB NOT NULL,
    "Status" TEXT NOT NULL,
    "CreateDate" TEXT NOT NULL
);

CREATE TABLE "SessionCredentials" (
    "AccessKeyId" TEXT NOT NULL CONSTRAINT "PK_SessionCredentials" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "UserKey" INTEGER NULL,
    "ParentAccessKeyId" TEXT NOT NULL,
    "SecretCiphertext" BLOB NOT NULL,
    "TokenHash" BLOB NOT NULL,
    "Expiration" TEXT NOT NULL,
    "CreateDate" TEXT NOT NULL,
    "MultiFactorAuthPresent" INTEGER NOT NULL
);

CREATE TABLE "SshPublicKeys" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SshPublicKeys" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "UserKey" INTEGER NOT NULL,
    "Body" TEXT NOT NULL,
    "Fingerprint" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "UploadDate" TEXT NOT NULL
);

CREATE TABLE "Users" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_Users" PRIMARY KEY AUTOINCREMENT,
    "AccountId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "UserName" TEXT NOT NULL,
    "NameKey" TEXT NOT NULL,
    "Path" TEXT NOT NULL,
    "CreateDate" TEXT NOT NULL,
    "PasswordLastUsed" TEXT NULL,
    "PermissionsBoundaryArn" TEXT NULL
);

CREATE TABLE "RepositoryTags" (
    "RepositoryKey" INTEGER NOT NULL,
    "Key" TEXT NOT NULL,
    "Value" TEXT NOT NULL,
    CONSTRAINT "PK_RepositoryTags" PRIMARY KEY ("RepositoryKey", "Key"),
    CONSTRAINT "FK_RepositoryTags_Repositories_RepositoryKey" FOREIGN KEY ("RepositoryKey") REFERENCES "Repositories" ("Key") ON DELETE CASCADE
);

CREATE TABLE "UserTags" (
    "UserKey" INTEGER NOT NULL,
    "Key" TEXT NOT NULL,
    "Value" TEXT NOT NULL,
    CONSTRAINT "PK_UserTags" PRIMARY KEY ("UserKey", "Key"),
    CONSTRAINT "FK_UserTags_Users_UserKey" FOREIGN KEY ("UserKey") REFERENCES "Users" ("Key") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_AccessKeys_AccountId_UserKey_Slot" ON "AccessKeys" ("AccountId", "UserKey", "Slot");

CREATE UNIQUE INDEX "IX_Accounts_Alias" ON "Accounts" ("Alias");

CREATE INDEX "IX_GroupMembers_UserKey" ON "GroupMembers" ("UserKey");

CREATE UNIQUE INDEX "IX_Groups_AccountId_NameKey" ON "Groups" ("AccountId", "NameKey");

CREATE UNIQUE INDEX "IX_Groups_GroupId" ON "Groups" ("GroupId");

CREATE UNIQUE INDEX "IX_Policies_Arn" ON "Policies" ("Arn");

CREATE UNIQUE INDEX "IX_Policies_PolicyId" ON "Policies" ("PolicyId");

CREATE INDEX "IX_PolicyAttachments_PolicyArn" ON "PolicyAttachments" ("PolicyArn");

CREATE UNIQUE INDEX "IX_Repositories_AccountId_Region_RepositoryName" ON "Repositories" ("AccountId", "Region", "RepositoryName");

CREATE UNIQUE INDEX "IX_Repositories_RepositoryId" ON "Repositories" ("RepositoryId");

CREATE UNIQUE INDEX "IX_ServiceCredentials_ServiceUserName" ON "ServiceCredentials" ("ServiceUserName");

CREATE UNIQUE INDEX "IX_ServiceCredentials_UserKey_ServiceName_Slot" ON "ServiceCredentials" ("UserKey", "ServiceName", "Slot");

CREATE INDEX "IX_SessionCredentials_Expiration" ON "SessionCredentials" ("Expiration");

CREATE UNIQUE INDEX "IX_SshPublicKeys_UserKey_Fingerprint" ON "SshPublicKeys" ("UserKey", "Fingerprint");

CREATE UNIQUE INDEX "IX_Users_AccountId_NameKey" ON "Users" ("AccountId", "NameKey");

CREATE UNIQUE INDEX "IX_Users_UserId" ON "Users" ("UserId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261126130832_Initial', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "SignInFailures" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_SignInFailures" PRIMARY KEY,
    "Failures" INTEGER NOT NULL,
    "WindowStart" TEXT NOT NULL,
    "BlockedUntil" TEXT NULL
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202163006_ConsoleSignInThrottle', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "Repositories" ADD "DataKeyCiphertext" BLOB NULL;

CREATE TABLE "KmsKeys" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_KmsKeys" PRIMARY KEY AUTOINCREMENT,
    "KeyId" TEXT NOT NULL,
    "AccountId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "KeyManager" TEXT NOT NULL,
    "KeyUsage" TEXT NOT NULL,
    "KeySpec" TEXT NOT NULL,
    "KeyState" TEXT NOT NULL,
    "Policy" TEXT NOT NULL,
    "CreationDate" TEXT NOT NULL,
    "DeletionDate" TEXT NULL,
    "PendingWindowInDays" INTEGER NULL,
    "RotationEnabled" INTEGER NOT NULL,
    "RotationPeriodInDays" INTEGER NULL,
    "NextRotationDate" TEXT NULL,
    "CurrentVersion" INTEGER NOT NULL
);

CREATE TABLE "KmsAliases" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_KmsAliases" PRIMARY KEY AUTOINCREMENT,
    "AccountId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "AliasName" TEXT NOT NULL,
    "TargetKeyKey" INTEGER NOT NULL,
    "CreationDate" TEXT NOT NULL,
    "LastUpdatedDate" TEXT NOT NULL,
    CONSTRAINT "FK_KmsAliases_KmsKeys_TargetKeyKey" FOREIGN KEY ("TargetKeyKey") REFERENCES "KmsKeys" ("Key") ON DELETE CASCADE
);

CREATE TABLE "KmsKeyMaterials" (
    "KeyKey" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "SealedMaterial" BLOB NOT NULL,
    "CreationDate" TEXT NOT NULL,
    "RotationType" TEXT NULL,
    CONSTRAINT "PK_KmsKeyMaterials" PRIMARY KEY ("KeyKey", "Version"),
    CONSTRAINT "FK_KmsKeyMaterials_KmsKeys_KeyKey" FOREIGN KEY ("KeyKey") REFERENCES "KmsKeys" ("Key") ON DELETE CASCADE
);

CREATE TABLE "KmsKeyTags" (
    "KeyKey" INTEGER NOT NULL,
    "TagKey" TEXT NOT NULL,
    "TagValue" TEXT NOT NULL,
    CONSTRAINT "PK_KmsKeyTags" PRIMARY KEY ("KeyKey", "TagKey"),
    CONSTRAINT "FK_KmsKeyTags_KmsKeys_KeyKey" FOREIGN KEY ("KeyKey") REFERENCES "KmsKeys" ("Key") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_KmsAliases_AccountId_Region_AliasName" ON "KmsAliases" ("AccountId", "Region", "AliasName");

CREATE INDEX "IX_KmsAliases_TargetKeyKey" ON "KmsAliases" ("TargetKeyKey");

CREATE INDEX "IX_KmsKeys_AccountId_Region_KeyId" ON "KmsKeys" ("AccountId", "Region", "KeyId");

CREATE INDEX "IX_KmsKeys_DeletionDate" ON "KmsKeys" ("DeletionDate");

CREATE UNIQUE INDEX "IX_KmsKeys_KeyId" ON "KmsKeys" ("KeyId");

CREATE INDEX "IX_KmsKeys_NextRotationDate" ON "KmsKeys" ("NextRotationDate");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203071125_KmsKeys', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "RepositoryTriggerSets" (
    "RepositoryKey" INTEGER NOT NULL CONSTRAINT "PK_RepositoryTriggerSets" PRIMARY KEY,
    "ConfigurationId" TEXT NOT NULL,
    "TriggersJson" TEXT NOT NULL,
    CONSTRAINT "FK_RepositoryTriggerSets_Repositories_RepositoryKey" FOREIGN KEY ("RepositoryKey") REFERENCES "Repositories" ("Key") ON DELETE CASCADE
);

CREATE TABLE "TriggerDeliveries" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_TriggerDeliveries" PRIMARY KEY AUTOINCREMENT,
    "AccountId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "DestinationArn" TEXT NOT NULL,
    "TriggerName" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "NextAttemptAt" TEXT NOT NULL,
    "ClaimToken" TEXT NULL,
    "ClaimedUntil" TEXT NULL,
    "Abandoned" INTEGER NOT NULL,
    "LastError" TEXT NULL
);

CREATE INDEX "IX_TriggerDeliveries_Abandoned_NextAttemptAt" ON "TriggerDeliveries" ("Abandoned", "NextAttemptAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203085656_RepositoryTriggers', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "Comments" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_Comments" PRIMARY KEY AUTOINCREMENT,
    "CommentId" TEXT NULL,
    "AccountId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "RepositoryKey" INTEGER NOT NULL,
    "PullRequestId" TEXT NULL,
    "BeforeCommitId" TEXT NULL,
    "AfterCommitId" TEXT NOT NULL,
    "BeforeBlobId" TEXT NULL,
    "AfterBlobId" TEXT NULL,
    "FilePath" TEXT NULL,
    "FilePosition" INTEGER NULL,
    "RelativeFileVersion" TEXT NULL,
    "InReplyTo" TEXT NULL,
    "Content" TEXT NOT NULL,
    "Deleted" INTEGER NOT NULL,
    "AuthorArn" TEXT NOT NULL,
    "ClientRequestToken" TEXT NULL,
    "RequestHash" TEXT NULL,
    "CreationDate" TEXT NOT NULL,
    "LastModifiedDate" TEXT NOT NULL,
    CONSTRAINT "FK_Comments_Repositories_RepositoryKey" FOREIGN KEY ("RepositoryKey") REFERENCES "Repositories" ("Key") ON DELETE CASCADE
);

CREATE TABLE "CommentReactions" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_CommentReactions" PRIMARY KEY AUTOINCREMENT,
    "CommentKey" INTEGER NOT NULL,
    "UserArn" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "Value" TEXT NOT NULL,
    "CreationDate" TEXT NOT NULL,
    CONSTRAINT "FK_CommentReactions_Comments_CommentKey" FOREIGN KEY ("CommentKey") REFERENCES "Comments" ("Key") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_CommentReactions_CommentKey_UserArn" ON "CommentReactions" ("CommentKey", "UserArn");

CREATE INDEX "IX_Comments_AccountId_Region_PullRequestId_Key" ON "Comments" ("AccountId", "Region", "PullRequestId", "Key");

CREATE UNIQUE INDEX "IX_Comments_AuthorArn_ClientRequestToken" ON "Comments" ("AuthorArn", "ClientRequestToken");

CREATE UNIQUE INDEX "IX_Comments_CommentId" ON "Comments" ("CommentId");

CREATE INDEX "IX_Comments_RepositoryKey_AfterCommitId_Key" ON "Comments" ("RepositoryKey", "AfterCommitId", "Key");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203102842_Comments', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "PullRequests" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_PullRequests" PRIMARY KEY AUTOINCREMENT,
    "AccountId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "Number" INTEGER NOT NULL,
    "RepositoryKey" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Description" TEXT NULL,
    "AuthorArn" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "ClientRequestToken" TEXT NULL,
    "RequestHash" TEXT NULL,
    "CreationDate" TEXT NOT NULL,
    "LastActivityDate" TEXT NOT NULL,
    "SourceReference" TEXT NOT NULL,
    "DestinationReference" TEXT NOT NULL,
    "SourceCommit" TEXT NOT NULL,
    "DestinationCommit" TEXT NOT NULL,
    "MergeBase" TEXT NULL,
    "RevisionId" TEXT NOT NULL,
    "IsMerged" INTEGER NOT NULL,
    "MergedBy" TEXT NULL,
    "MergeCommitId" TEXT NULL,
    "MergeOption" TEXT NULL,
    "OverriddenBy" TEXT NULL,
    "OverriddenRevisionId" TEXT NULL,
    CONSTRAINT "FK_PullRequests_Repositories_RepositoryKey" FOREIGN KEY ("RepositoryKey") REFERENCES "Repositories" ("Key") ON DELETE CASCADE
);

CREATE TABLE "PullRequestApprovalRules" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_PullRequestApprovalRules" PRIMARY KEY AUTOINCREMENT,
    "PullRequestKey" INTEGER NOT NULL,
    "ApprovalRuleId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Content" TEXT NOT NULL,
    "CreationDate" TEXT NOT NULL,
    "LastModifiedDate" TEXT NOT NULL,
    "LastModifiedUser" TEXT NOT NULL,
    "TemplateId" TEXT NULL,
    "TemplateName" TEXT NULL,
    CONSTRAINT "FK_PullRequestApprovalRules_PullRequests_PullRequestKey" FOREIGN KEY ("PullRequestKey") REFERENCES "PullRequests" ("Key") ON DELETE CASCADE
);

CREATE TABLE "PullRequestApprovals" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_PullRequestApprovals" PRIMARY KEY AUTOINCREMENT,
    "PullRequestKey" INTEGER NOT NULL,
    "RevisionId" TEXT NOT NULL,
    "UserArn" TEXT NOT NULL,
    "CreationDate" TEXT NOT NULL,
    CONSTRAINT "FK_PullRequestApprovals_PullRequests_PullRequestKey" FOREIGN KEY ("PullRequestKey") REFERENCES "PullRequests" ("Key") ON DELETE CASCADE
);

CREATE TABLE "PullRequestEvents" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_PullRequestEvents" PRIMARY KEY AUTOINCREMENT,
    "PullRequestKey" INTEGER NOT NULL,
    "EventType" TEXT NOT NULL,
    "ActorArn" TEXT NULL,
    "EventDate" TEXT NOT NULL,
    "MetadataJson" TEXT NOT NULL,
    CONSTRAINT "FK_PullRequestEvents_PullRequests_PullRequestKey" FOREIGN KEY ("PullRequestKey") REFERENCES "PullRequests" ("Key") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_PullRequestApprovalRules_PullRequestKey_Name" ON "PullRequestApprovalRules" ("PullRequestKey", "Name");

CREATE UNIQUE INDEX "IX_PullRequestApprovals_PullRequestKey_RevisionId_UserArn" ON "PullRequestApprovals" ("PullRequestKey", "RevisionId", "UserArn");

CREATE INDEX "IX_PullRequestEvents_PullRequestKey_Key" ON "PullRequestEvents" ("PullRequestKey", "Key");

CREATE UNIQUE INDEX "IX_PullRequests_AccountId_Region_Number" ON "PullRequests" ("AccountId", "Region", "Number");

CREATE UNIQUE INDEX "IX_PullRequests_AuthorArn_ClientRequestToken" ON "PullRequests" ("AuthorArn", "ClientRequestToken");

CREATE INDEX "IX_PullRequests_RepositoryKey_Status_Number" ON "PullRequests" ("RepositoryKey", "Status", "Number");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203134850_PullRequests', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "ApprovalRuleTemplates" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_ApprovalRuleTemplates" PRIMARY KEY AUTOINCREMENT,
    "TemplateId" TEXT NOT NULL,
    "AccountId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "Content" TEXT NOT NULL,
    "ContentSha256" TEXT NOT NULL,
    "LastModifiedUser" TEXT NOT NULL,
    "CreationDate" TEXT NOT NULL,
    "LastModifiedDate" TEXT NOT NULL
);

CREATE TABLE "ApprovalRuleTemplateAssociations" (
    "TemplateKey" INTEGER NOT NULL,
    "RepositoryKey" INTEGER NOT NULL,
    CONSTRAINT "PK_ApprovalRuleTemplateAssociations" PRIMARY KEY ("TemplateKey", "RepositoryKey"),
    CONSTRAINT "FK_ApprovalRuleTemplateAssociations_ApprovalRuleTemplates_TemplateKey" FOREIGN KEY ("TemplateKey") REFERENCES "ApprovalRuleTemplates" ("Key") ON DELETE RESTRICT,
    CONSTRAINT "FK_ApprovalRuleTemplateAssociations_Repositories_RepositoryKey" FOREIGN KEY ("RepositoryKey") REFERENCES "Repositories" ("Key") ON DELETE CASCADE
);

CREATE INDEX "IX_ApprovalRuleTemplateAssociations_RepositoryKey" ON "ApprovalRuleTemplateAssociations" ("RepositoryKey");

CREATE UNIQUE INDEX "IX_ApprovalRuleTemplates_AccountId_Region_Name" ON "ApprovalRuleTemplates" ("AccountId", "Region", "Name");

CREATE UNIQUE INDEX "IX_ApprovalRuleTemplates_TemplateId" ON "ApprovalRuleTemplates" ("TemplateId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203134917_ApprovalRuleTemplates', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "SshPublicKeys" ADD "LastUsedDate" TEXT NULL;

ALTER TABLE "ServiceCredentials" ADD "LastUsedDate" TEXT NULL;

CREATE TABLE "AuditEvents" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_AuditEvents" PRIMARY KEY AUTOINCREMENT,
    "EventId" TEXT NOT NULL,
    "AccountId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "EventTime" TEXT NOT NULL,
    "EventName" TEXT NOT NULL,
    "EventSource" TEXT NOT NULL,
    "ReadOnly" INTEGER NOT NULL,
    "Username" TEXT NULL,
    "AccessKeyId" TEXT NULL,
    "ResourceType" TEXT NULL,
    "ResourceName" TEXT NULL,
    "Record" TEXT NOT NULL
);

CREATE INDEX "IX_AuditEvents_AccountId_Region_AccessKeyId_EventTime" ON "AuditEvents" ("AccountId", "Region", "AccessKeyId", "EventTime");

CREATE INDEX "IX_AuditEvents_AccountId_Region_EventName_EventTime" ON "AuditEvents" ("AccountId", "Region", "EventName", "EventTime");

CREATE INDEX "IX_AuditEvents_AccountId_Region_EventSource_EventTime" ON "AuditEvents" ("AccountId", "Region", "EventSource", "EventTime");

CREATE INDEX "IX_AuditEvents_AccountId_Region_EventTime" ON "AuditEvents" ("AccountId", "Region", "EventTime");

CREATE INDEX "IX_AuditEvents_AccountId_Region_ReadOnly_EventTime" ON "AuditEvents" ("AccountId", "Region", "ReadOnly", "EventTime");

CREATE INDEX "IX_AuditEvents_AccountId_Region_ResourceName_EventTime" ON "AuditEvents" ("AccountId", "Region", "ResourceName", "EventTime");

CREATE INDEX "IX_AuditEvents_AccountId_Region_ResourceType_EventTime" ON "AuditEvents" ("AccountId", "Region", "ResourceType", "EventTime");

CREATE INDEX "IX_AuditEvents_AccountId_Region_Username_EventTime" ON "AuditEvents" ("AccountId", "Region", "Username", "EventTime");

CREATE UNIQUE INDEX "IX_AuditEvents_EventId" ON "AuditEvents" ("EventId");

CREATE INDEX "IX_AuditEvents_EventTime" ON "AuditEvents" ("EventTime");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203135814_AuditTrail', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "AuditChunkTerms" (
    "ChunkKey" INTEGER NOT NULL,
    "Term" INTEGER NOT NULL,
    "FirstTime" TEXT NOT NULL,
    "LastTime" TEXT NOT NULL,
    CONSTRAINT "PK_AuditChunkTerms" PRIMARY KEY ("ChunkKey", "Term")
);

CREATE TABLE "AuditChunks" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_AuditChunks" PRIMARY KEY AUTOINCREMENT,
    "AccountId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "FirstTime" TEXT NOT NULL,
    "LastTime" TEXT NOT NULL,
    "Count" INTEGER NOT NULL,
    "Events" BLOB NOT NULL
);

CREATE INDEX "IX_AuditChunkTerms_Term_LastTime" ON "AuditChunkTerms" ("Term", "LastTime");

CREATE INDEX "IX_AuditChunks_LastTime" ON "AuditChunks" ("LastTime");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205051659_AuditChunks', '10.0.15');

COMMIT;

