using Gitstead.Aws;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Repository triggers: PutRepositoryTriggers, GetRepositoryTriggers, TestRepositoryTriggers.
/// Each method checks its input (<see cref="TriggerRules"/>), authorizes its action on the
/// repository ARN, then acts. Records go out through <see cref="TriggerQueue"/> and
/// <see cref="TriggerDeliverer"/>; a test record is posted at once and its outcome reported.
/// </summary>
public sealed class TriggerService
{
    private readonly IGitsteadDb _db;
    private readonly IAuthorizer _authorizer;
    private readonly RepositoryStore _repositories;
    private readonly TriggerEndpoints _endpoints;
    private readonly TimeProvider _time;

    internal TriggerService(IGitsteadDb db, IAuthorizer authorizer, RepositoryStore repositories, TriggerEndpoints endpoints, TimeProvider time)
    {
        _db = db;
        _authorizer = authorizer;
        _repositories = repositories;
        _endpoints = endpoints;
        _time = time;
    }

    /// <summary>PutRepositoryTriggers: <c>codecommit:PutRepositoryTriggers</c>; replaces the set (an empty list removes all) and returns its new configuration id.</summary>
    public async Task<string> PutAsync(CallContext call, string? repositoryName, IReadOnlyList<RepositoryTriggerInput>? triggers, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var checkedTriggers = TriggerRules.Check(call, triggers);
        await _authorizer.RequireAsync(call, "codecommit:PutRepositoryTriggers", RepositoryService.Arn(call, name), ct);
        var repository = await _repositories.RequireAsync(call.AccountId, call.Region, name, ct);
        var configurationId = Guid.NewGuid().ToString();
        await using var context = _db.Create();
        var set = await context.RepositoryTriggerSets.FirstOrDefaultAsync(s => s.RepositoryKey == repository.Key, ct);
        var json = TriggerStore.Serialize(checkedTriggers);
        if (set is null)
        {
            context.RepositoryTriggerSets.Add(new RepositoryTriggerSet { RepositoryKey = repository.Key, ConfigurationId = configurationId, TriggersJson = json });
        }
        else
        {
            set.ConfigurationId = configurationId;
            set.TriggersJson = json;
        }

        await context.SaveChangesAsync(ct);
        return configurationId;
    }

    /// <summary>GetRepositoryTriggers: <c>codecommit:GetRepositoryTriggers</c>.</summary>
    public async Task<RepositoryTriggerConfiguration> GetAsync(CallContext call, string? repositoryName, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        await _authorizer.RequireAsync(call, "codecommit:GetRepositoryTriggers", RepositoryService.Arn(call, name), ct);
        var repository = await _repositories.RequireAsync(call.AccountId, call.Region, name, ct);
        await using var context = _db.Create();
        var set = await context.RepositoryTriggerSets.AsNoTracking().FirstOrDefaultAsync(s => s.RepositoryKey == repository.Key, ct);
        return set is null ? new RepositoryTriggerConfiguration(null, []) : new RepositoryTriggerConfiguration(set.ConfigurationId, TriggerStore.Parse(set.TriggersJson));
    }

    /// <summary>
    /// TestRepositoryTriggers: <c>codecommit:TestRepositoryTriggers</c>; posts each given trigger a
    /// <c>TriggerEventTest</c> record with the default branch's tip (zeros when there is none) and
    /// reports which endpoints took it.
    /// </summary>
    public async Task<TriggerTestResult> TestAsync(CallContext call, string? repositoryName, IReadOnlyList<RepositoryTriggerInput>? triggers, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var checkedTriggers = TriggerRules.Check(call, triggers);
        await _authorizer.RequireAsync(call, "codecommit:TestRepositoryTriggers", RepositoryService.Arn(call, name), ct);
        var repository = await _repositories.RequireAsync(call.AccountId, call.Region, name, ct);
        var branch = repository.DefaultBranch ?? "main";
        var tip = repository.DefaultBranch is null ? null : await BranchService.FindAsync(repository, repository.DefaultBranch, ct);
        var change = new ReferenceChange("refs/heads/" + branch, tip?.CommitId ?? ReferenceChange.ZeroId, tip?.CommitId ?? ReferenceChange.ZeroId);
        await using var context = _db.Create();
        var configurationId = await context.RepositoryTriggerSets.Where(s => s.RepositoryKey == repository.Key).Select(s => s.ConfigurationId).FirstOrDefaultAsync(ct)
            ?? Guid.Empty.ToString();
        var successful = new List<string>();
        var failed = new List<(string, string)>();
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var trigger in checkedTriggers)
        {
            var payload = TriggerQueue.Record(repository.Region, repository.Arn, configurationId, trigger, call.Caller.Arn, "TriggerEventTest", [change], now);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            if (await _endpoints.SendAsync(trigger.DestinationArn, payload, timeout.Token) is { } failure)
            {
                failed.Add((trigger.Name, failure));
            }
            else
            {
                successful.Add(trigger.Name);
            }
        }

        return new TriggerTestResult(successful, failed);
    }
}
