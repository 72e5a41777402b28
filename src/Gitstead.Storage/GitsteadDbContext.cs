using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Storage;

/// <summary>
/// The one schema definition. Each provider has a subclass only so that its migrations
/// live apart (<see cref="SqliteGitsteadDbContext"/>, <see cref="PostgresGitsteadDbContext"/>).
/// </summary>
public abstract class GitsteadDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<AccountPasswordPolicy> PasswordPolicies => Set<AccountPasswordPolicy>();

    public DbSet<IamUser> Users => Set<IamUser>();

    public DbSet<UserTag> UserTags => Set<UserTag>();

    public DbSet<LoginProfile> LoginProfiles => Set<LoginProfile>();

    public DbSet<AccessKey> AccessKeys => Set<AccessKey>();

    public DbSet<SessionCredential> SessionCredentials => Set<SessionCredential>();

    public DbSet<ServiceSpecificCredential> ServiceCredentials => Set<ServiceSpecificCredential>();

    public DbSet<SshPublicKey> SshPublicKeys => Set<SshPublicKey>();

    public DbSet<IamGroup> Groups => Set<IamGroup>();

    public DbSet<GroupMember> GroupMembers => Set<GroupMember>();

    public DbSet<ManagedPolicy> Policies => Set<ManagedPolicy>();

    public DbSet<PolicyVersion> PolicyVersions => Set<PolicyVersion>();

    public DbSet<PolicyAttachment> PolicyAttachments => Set<PolicyAttachment>();

    public DbSet<InlinePolicy> InlinePolicies => Set<InlinePolicy>();

    public DbSet<Repository> Repositories => Set<Repository>();

    public DbSet<RepositoryTag> RepositoryTags => Set<RepositoryTag>();

    public DbSet<RepositoryTriggerSet> RepositoryTriggerSets => Set<RepositoryTriggerSet>();

    public DbSet<TriggerDelivery> TriggerDeliveries => Set<TriggerDelivery>();

    public DbSet<Comment> Comments => Set<Comment>();

    public DbSet<CommentReaction> CommentReactions => Set<CommentReaction>();

    public DbSet<ApprovalRuleTemplate> ApprovalRuleTemplates => Set<ApprovalRuleTemplate>();

    public DbSet<ApprovalRuleTemplateAssociation> ApprovalRuleTemplateAssociations => Set<ApprovalRuleTemplateAssociation>();

    public DbSet<PullRequest> PullRequests => Set<PullRequest>();

    public DbSet<PullRequestEvent> PullRequestEvents => Set<PullRequestEvent>();

    public DbSet<PullRequestApprovalRule> PullRequestApprovalRules => Set<PullRequestApprovalRule>();

    public DbSet<PullRequestApproval> PullRequestApprovals => Set<PullRequestApproval>();

    public DbSet<SignInFailures> SignInFailures => Set<SignInFailures>();

    public DbSet<KmsKey> KmsKeys => Set<KmsKey>();

    public DbSet<KmsKeyMaterial> KmsKeyMaterials => Set<KmsKeyMaterial>();

    public DbSet<KmsAlias> KmsAliases => Set<KmsAlias>();

    public DbSet<KmsKeyTag> KmsKeyTags => Set<KmsKeyTag>();

    /// <summary>Events stored one row each by earlier versions; moved into chunks at start.</summary>
    public DbSet<AuditEventRecord> AuditEvents => Set<AuditEventRecord>();

    public DbSet<AuditChunk> AuditChunks => Set<AuditChunk>();

    public DbSet<AuditChunkTerm> AuditChunkTerms => Set<AuditChunkTerm>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<AuditEventRecord>(e =>
        {
            e.HasKey(a => a.Key);
            e.Property(a => a.EventId).HasMaxLength(36);
            e.HasIndex(a => a.EventId).IsUnique();
            e.HasIndex(a => a.EventTime);
            e.HasIndex(a => new { a.AccountId, a.Region, a.EventTime });
            e.HasIndex(a => new { a.AccountId, a.Region, a.EventName, a.EventTime });
            e.HasIndex(a => new { a.AccountId, a.Region, a.EventSource, a.EventTime });
            e.HasIndex(a => new { a.AccountId, a.Region, a.ReadOnly, a.EventTime });
            e.HasIndex(a => new { a.AccountId, a.Region, a.Username, a.EventTime });
            e.HasIndex(a => new { a.AccountId, a.Region, a.AccessKeyId, a.EventTime });
            e.HasIndex(a => new { a.AccountId, a.Region, a.ResourceType, a.EventTime });
            e.HasIndex(a => new { a.AccountId, a.Region, a.ResourceName, a.EventTime });
        });
        model.Entity<AuditChunk>(e =>
        {
            e.HasKey(c => c.Key);
            e.HasIndex(c => c.LastTime);
        });
        model.Entity<AuditChunkTerm>(e =>
        {
            e.HasKey(t => new { t.ChunkKey, t.Term });
            e.HasIndex(t => new { t.Term, t.LastTime });
        });

        model.Entity<SignInFailures>(e =>
        {
            e.HasKey(t => t.Key);
            e.Property(t => t.Key).HasMaxLength(400);
        });

        model.Entity<Repository>(e =>
        {
            e.HasKey(r => r.Key);
            e.HasIndex(r => r.RepositoryId).IsUnique();
            e.HasIndex(r => new { r.AccountId, r.Region, r.RepositoryName }).IsUnique();
            e.HasMany(r => r.Tags).WithOne().HasForeignKey(t => t.RepositoryKey).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<RepositoryTag>().HasKey(t => new { t.RepositoryKey, t.Key });
        model.Entity<RepositoryTriggerSet>(e =>
        {
            e.HasKey(t => t.RepositoryKey);
            e.HasOne<Repository>().WithOne().HasForeignKey<RepositoryTriggerSet>(t => t.RepositoryKey).OnDelete(DeleteBehavior.Cascade);
        });

        // Comments go with their repository; lists read a comparison's or a pull request's
        // comments in order of the key; a client request token is unique per author.
        model.Entity<Comment>(e =>
        {
            e.HasKey(c => c.Key);
            e.HasIndex(c => c.CommentId).IsUnique();
            e.HasIndex(c => new { c.RepositoryKey, c.AfterCommitId, c.Key });
            e.HasIndex(c => new { c.AccountId, c.Region, c.PullRequestId, c.Key });
            e.HasIndex(c => new { c.AuthorArn, c.ClientRequestToken }).IsUnique();
            e.HasOne<Repository>().WithMany().HasForeignKey(c => c.RepositoryKey).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<CommentReaction>(e =>
        {
            e.HasKey(r => r.Key);
            e.HasIndex(r => new { r.CommentKey, r.UserArn }).IsUnique();
            e.HasOne<Comment>().WithMany().HasForeignKey(r => r.CommentKey).OnDelete(DeleteBehavior.Cascade);
        });

        // Templates are named uniquely per account and region. An association goes with its
        // repository, but holds its template: a template in use cannot be deleted.
        model.Entity<ApprovalRuleTemplate>(e =>
        {
            e.HasKey(t => t.Key);
            e.HasIndex(t => t.TemplateId).IsUnique();
            e.HasIndex(t => new { t.AccountId, t.Region, t.Name }).IsUnique();
        });
        model.Entity<ApprovalRuleTemplateAssociation>(e =>
        {
            e.HasKey(a => new { a.TemplateKey, a.RepositoryKey });
            e.HasIndex(a => a.RepositoryKey);
            e.HasOne<ApprovalRuleTemplate>().WithMany().HasForeignKey(a => a.TemplateKey).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Repository>().WithMany().HasForeignKey(a => a.RepositoryKey).OnDelete(DeleteBehavior.Cascade);
        });
        // Pull requests go with their repository and take their history, rules and approvals
        // with them; ids are numbers per account and region; lists read a repository's pull
        // requests newest first; a client request token is unique per author.
        model.Entity<PullRequest>(e =>
        {
            e.HasKey(p => p.Key);
            e.HasIndex(p => new { p.AccountId, p.Region, p.Number }).IsUnique();
            e.HasIndex(p => new { p.RepositoryKey, p.Status, p.Number });
            e.HasIndex(p => new { p.AuthorArn, p.ClientRequestToken }).IsUnique();
            e.HasOne<Repository>().WithMany().HasForeignKey(p => p.RepositoryKey).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<PullRequestEvent>(e =>
        {
            e.HasKey(v => v.Key);
            e.HasIndex(v => new { v.PullRequestKey, v.Key });
            e.HasOne<PullRequest>().WithMany().HasForeignKey(v => v.PullRequestKey).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<PullRequestApprovalRule>(e =>
        {
            e.HasKey(r => r.Key);
            e.HasIndex(r => new { r.PullRequestKey, r.Name }).IsUnique();
            e.HasOne<PullRequest>().WithMany().HasForeignKey(r => r.PullRequestKey).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<PullRequestApproval>(e =>
        {
            e.HasKey(a => a.Key);
            e.HasIndex(a => new { a.PullRequestKey, a.RevisionId, a.UserArn }).IsUnique();
            e.HasOne<PullRequest>().WithMany().HasForeignKey(a => a.PullRequestKey).OnDelete(DeleteBehavior.Cascade);
        });

        // The deliverer asks for due rows not abandoned, oldest first.
        model.Entity<TriggerDelivery>(e =>
        {
            e.HasKey(d => d.Key);
            e.HasIndex(d => new { d.Abandoned, d.NextAttemptAt });
        });

        // A destroyed key takes its material, aliases and tags with it in one delete.
        model.Entity<KmsKey>(e =>
        {
            e.HasKey(k => k.Key);
            e.HasIndex(k => k.KeyId).IsUnique();
            e.HasIndex(k => new { k.AccountId, k.Region, k.KeyId });
            e.HasIndex(k => k.DeletionDate);
            e.HasIndex(k => k.NextRotationDate);
            e.HasMany(k => k.Materials).WithOne().HasForeignKey(m => m.KeyKey).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(k => k.Tags).WithOne().HasForeignKey(t => t.KeyKey).OnDelete(DeleteBehavior.Cascade);
            e.HasMany<KmsAlias>().WithOne().HasForeignKey(a => a.TargetKeyKey).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<KmsKeyMaterial>().HasKey(m => new { m.KeyKey, m.Version });
        model.Entity<KmsKeyTag>().HasKey(t => new { t.KeyKey, t.TagKey });
        model.Entity<KmsAlias>(e =>
        {
            e.HasKey(a => a.Key);
            e.HasIndex(a => new { a.AccountId, a.Region, a.AliasName }).IsUnique();
            e.HasIndex(a => a.TargetKeyKey);
        });

        model.Entity<Account>(e =>
        {
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).HasMaxLength(12);
            e.HasIndex(a => a.Alias).IsUnique();
        });
        model.Entity<AccountPasswordPolicy>().HasKey(p => p.AccountId);

        model.Entity<IamUser>(e =>
        {
            e.HasKey(u => u.Key);
            e.HasIndex(u => u.UserId).IsUnique();
            e.HasIndex(u => new { u.AccountId, u.NameKey }).IsUnique();
            e.HasMany(u => u.Tags).WithOne().HasForeignKey(t => t.UserKey).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<UserTag>().HasKey(t => new { t.UserKey, t.Key });
        model.Entity<LoginProfile>().HasKey(p => p.UserKey);

        model.Entity<AccessKey>(e =>
        {
            e.HasKey(k => k.AccessKeyId);
            e.HasIndex(k => new { k.AccountId, k.UserKey, k.Slot }).IsUnique();
        });
        model.Entity<SessionCredential>(e =>
        {
            e.HasKey(k => k.AccessKeyId);
            e.HasIndex(k => k.Expiration);
        });
        model.Entity<ServiceSpecificCredential>(e =>
        {
            e.HasKey(c => c.Id);
            e.HasIndex(c => c.ServiceUserName).IsUnique();
            e.HasIndex(c => new { c.UserKey, c.ServiceName, c.Slot }).IsUnique();
        });
        model.Entity<SshPublicKey>(e =>
        {
            e.HasKey(k => k.Id);
            e.HasIndex(k => new { k.UserKey, k.Fingerprint }).IsUnique();
        });

        model.Entity<IamGroup>(e =>
        {
            e.HasKey(g => g.Key);
            e.HasIndex(g => g.GroupId).IsUnique();
            e.HasIndex(g => new { g.AccountId, g.NameKey }).IsUnique();
        });
        model.Entity<GroupMember>(e =>
        {
            e.HasKey(m => new { m.GroupKey, m.UserKey });
            e.HasIndex(m => m.UserKey);
        });
        model.Entity<ManagedPolicy>(e =>
        {
            e.HasKey(p => p.Key);
            e.HasIndex(p => p.Arn).IsUnique();
            e.HasIndex(p => p.PolicyId).IsUnique();
        });
        model.Entity<PolicyVersion>().HasKey(v => new { v.PolicyKey, v.VersionId });
        model.Entity<PolicyAttachment>(e =>
        {
            e.HasKey(a => new { a.PrincipalType, a.PrincipalKey, a.PolicyArn });
            e.HasIndex(a => a.PolicyArn);
        });
        model.Entity<InlinePolicy>().HasKey(p => new { p.PrincipalType, p.PrincipalKey, p.PolicyName });
    }
}

/// <remarks>
/// Every <c>SaveChanges</c> begins a transaction, even for one statement, so that it passes
/// <see cref="SqliteWriteGate"/> (a statement saved without one would meet SQLite's busy retry).
/// </remarks>
public sealed class SqliteGitsteadDbContext : GitsteadDbContext
{
    public SqliteGitsteadDbContext(DbContextOptions<SqliteGitsteadDbContext> options)
        : base(options)
    {
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
    }
}

public sealed class PostgresGitsteadDbContext(DbContextOptions<PostgresGitsteadDbContext> options) : GitsteadDbContext(options);
