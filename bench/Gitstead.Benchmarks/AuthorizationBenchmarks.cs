using System.Net;
using BenchmarkDotNet.Attributes;
using Gitstead.Aws;
using Gitstead.Iam;
using Gitstead.Iam.Authorization;
using Gitstead.Kms;
using Gitstead.Policy;
using Gitstead.Storage;
using Gitstead.Storage.Entities;

namespace Gitstead.Benchmarks;

/// <summary>
/// The authorization decision every Git request pays: the engine alone (parsed policies), and
/// the whole authorizer (policy rows read from SQLite, parses served from the content cache).
/// </summary>
[MemoryDiagnoser]
public class AuthorizationBenchmarks
{
    private const string Account = "123456789012";
    private const string Repository = "arn:aws:codecommit:us-east-1:123456789012:demo";
    private BenchmarkStorage _storage = null!;
    private IAuthorizer _authorizer = null!;
    private Caller _caller = null!;
    private List<PolicyInput> _policies = null!;
    private RequestContext _request = null!;
    private AuthorizationRequest _authorization = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _storage = await BenchmarkStorage.CreateAsync(services => services.AddKms().AddIam());
        _caller = await SeedAsync(_storage.Get<IGitsteadDb>());
        _authorizer = _storage.Get<IAuthorizer>();
        _policies = [.. ((PolicyAuthorizer)_authorizer).LoadAsync(_caller, CancellationToken.None).Result];
        var call = new CallContext(_caller, new RequestOrigin("us-east-1", IPAddress.Loopback, SecureTransport: true, DateTimeOffset.UtcNow));
        _request = PolicyAuthorizer.RequestFor(call, null).Build("codecommit:GitPush", Repository);
        var references = new Dictionary<string, IReadOnlyList<string>> { ["codecommit:References"] = ["refs/heads/feature"] };
        _authorization = new AuthorizationRequest(call, "codecommit:GitPush", Repository, references);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _storage.Dispose();
    }

    [Benchmark(Description = "engine: evaluate GitPush against 4 parsed policies")]
    public PolicyDecision Evaluate() => PolicyEvaluator.Evaluate(_request, _policies).Decision;

    [Benchmark(Description = "authorizer: GitPush with references (rows from SQLite)")]
    public ValueTask<AuthorizationResult> Authorize() => _authorizer.AuthorizeAsync(_authorization, CancellationToken.None);

    private static async Task<Caller> SeedAsync(IGitsteadDb db)
    {
        await using var context = db.Create();
        context.Accounts.Add(new Account { Id = Account, RootEmail = "root@example.com", RootPasswordHash = "-" });
        var user = new IamUser { AccountId = Account, UserId = "AIDABENCHMARKUSER0001", UserName = "dev", NameKey = "dev" };
        context.Users.Add(user);
        await context.SaveChangesAsync();
        var group = new IamGroup { AccountId = Account, GroupId = "AGPABENCHMARKGROUP001", GroupName = "devs", NameKey = "devs" };
        context.Groups.Add(group);
        await context.SaveChangesAsync();
        context.GroupMembers.Add(new GroupMember { GroupKey = group.Key, UserKey = user.Key });
        context.PolicyAttachments.Add(new PolicyAttachment { AccountId = Account, PrincipalType = "user", PrincipalKey = user.Key, PolicyArn = "arn:aws:iam::aws:policy/AWSCodeCommitPowerUser" });
        context.PolicyAttachments.Add(new PolicyAttachment { AccountId = Account, PrincipalType = "group", PrincipalKey = group.Key, PolicyArn = "arn:aws:iam::aws:policy/IAMSelfManageServiceSpecificCredentials" });
        context.InlinePolicies.Add(new InlinePolicy
        {
            AccountId = Account,
            PrincipalType = "user",
            PrincipalKey = user.Key,
            PolicyName = "ProtectMain",
            Document = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"codecommit:GitPush","Resource":"*","Condition":{"StringEqualsIfExists":{"codecommit:References":["refs/heads/main"]},"Null":{"codecommit:References":"false"}}}]}""",
        });
        context.InlinePolicies.Add(new InlinePolicy
        {
            AccountId = Account,
            PrincipalType = "group",
            PrincipalKey = group.Key,
            PolicyName = "Region",
            Document = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"codecommit:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}]}""",
        });
        await context.SaveChangesAsync();
        return Caller.User(Account, "/", "dev", user.UserId, user.Key) with { AccessKeyId = "AKIABENCH" };
    }
}
