using Gitstead.CodeCommit.Repositories;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Gitstead.UnitTests.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Gitstead.UnitTests.CodeCommit;

/// <summary>
/// Trigger deliveries that can no longer go out (attempts spent, or the trigger's repository gone)
/// are abandoned, kept for the configured retention, then swept from the queue.
/// </summary>
public sealed class TriggerAbandonmentTests
{
    [Fact]
    public async Task AttemptsSpentOrRepositoryGone_Abandoned_KeptForTheRetention_ThenSwept()
    {
        // Arrange: two queued records of a repository that does not exist (deleted), one to an unmapped ARN.
        await using var db = await AuthDatabase.CreateAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gitstead:TriggerMaxAttempts"] = "1",
            ["Gitstead:TriggerAbandonedRetention"] = "02:00:00",
        }).Build();
        using var http = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var deliverer = new TriggerDeliverer(
            db.Get<IGitsteadDb>(), new TriggerEndpoints(configuration, http.GetRequiredService<IHttpClientFactory>()), new TriggerSignal(), db.Time, configuration,
            NullLogger<TriggerDeliverer>.Instance);
        var now = db.Time.GetUtcNow().UtcDateTime;
        var payload = $$"""{"Records":[{"eventSourceARN":"arn:aws:codecommit:us-east-1:{{AuthDatabase.AccountId}}:gone","eventTriggerName":"t"}]}""";
        await using (var context = db.Get<IGitsteadDb>().Create())
        {
            context.TriggerDeliveries.Add(new TriggerDelivery
            {
                AccountId = AuthDatabase.AccountId,
                Region = "us-east-1",
                DestinationArn = "arn:aws:sns:us-east-1:123456789012:t",
                TriggerName = "t",
                Payload = payload,
                CreatedAt = now,
                NextAttemptAt = now,
            });
            await context.SaveChangesAsync();
        }

        // Act
        var claimed = await deliverer.DeliverDueAsync(default);
        var abandoned = await RowsAsync(db);
        db.Time.Advance(TimeSpan.FromHours(1));
        var keptAfterAnHour = await deliverer.SweepAsync(default);
        db.Time.Advance(TimeSpan.FromHours(1.5));
        var sweptAfterTheRetention = await deliverer.SweepAsync(default);

        // Assert
        Assert.Equal(1, claimed);
        var row = Assert.Single(abandoned);
        Assert.True(row.Abandoned);
        Assert.Equal("The trigger or its repository was deleted.", row.LastError);
        Assert.Equal(0, row.Attempts);
        Assert.Equal(0, keptAfterAnHour);
        Assert.Equal(1, sweptAfterTheRetention);
        Assert.Empty(await RowsAsync(db));
    }

    private static async Task<List<TriggerDelivery>> RowsAsync(AuthDatabase db)
    {
        await using var context = db.Get<IGitsteadDb>().Create();
        return await context.TriggerDeliveries.AsNoTracking().ToListAsync();
    }
}
