using System.Net;
using Gitstead.Aws;
using Gitstead.Iam.Accounts;
using Gitstead.Iam.ConsoleSignIn;
using Gitstead.Iam.LoginProfiles;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gitstead.UnitTests.Iam;

/// <summary>
/// ConsoleSignInService finds an IAM user's account by its id, typed with or without dashes, or by
/// its alias, and throttles guessing per user and, with a larger allowance, per client address.
/// </summary>
public sealed class ConsoleSignInServiceTests : IAsyncLifetime
{
    private const string Password = "Secret-Passw0rd!";

    private IamDatabase _iam = null!;
    private ConsoleSignInService _signIn = null!;

    public async Task InitializeAsync()
    {
        _iam = await IamDatabase.CreateAsync();
        _signIn = new ServiceCollection()
            .AddSingleton(_iam.Db)
            .AddSingleton<TimeProvider>(_iam.Time)
            .AddConsoleSignIn()
            .BuildServiceProvider()
            .GetRequiredService<ConsoleSignInService>();
        await _iam.AddUserAsync("dev");
        await _iam.Get<LoginProfileService>().CreateAsync(_iam.RootCall, "dev", Password, false, default);
    }

    public async Task DisposeAsync() => await _iam.DisposeAsync();

    [Fact]
    public async Task SignInUserAsync_AliasWithHyphens_SignsIn()
    {
        // Arrange
        await _iam.Get<AccountAliasService>().CreateAsync(_iam.RootCall, "team-blue-1", default);

        // Act
        var result = await _signIn.SignInUserAsync("Team-Blue-1", "dev", Password, Origin(), default);

        // Assert
        Assert.Equal(ConsoleSignInStatus.Succeeded, result.Status);
        Assert.Equal("team-blue-1", result.AccountAlias);
    }

    [Fact]
    public async Task SignInUserAsync_AccountIdWithDashes_SignsIn()
    {
        // Arrange
        var id = _iam.AccountId;

        // Act
        var result = await _signIn.SignInUserAsync($"{id[..4]}-{id[4..8]}-{id[8..]}", "dev", Password, Origin(), default);

        // Assert
        Assert.Equal(ConsoleSignInStatus.Succeeded, result.Status);
        Assert.Equal(id, result.Caller!.AccountId);
    }

    [Fact]
    public async Task SignInUserAsync_FiveWrongPasswords_RightOneRefusedUntilTheBlockEnds()
    {
        // Arrange
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ConsoleSignInStatus.Failed, (await _signIn.SignInUserAsync(_iam.AccountId, "dev", "wrong", Origin(), default)).Status);
        }

        // Act
        var blocked = await _signIn.SignInUserAsync(_iam.AccountId, "dev", Password, Origin(), default);
        _iam.Time.Advance(TimeSpan.FromSeconds(31));
        var later = await _signIn.SignInUserAsync(_iam.AccountId, "dev", Password, Origin(), default);

        // Assert
        Assert.Equal(ConsoleSignInStatus.Throttled, blocked.Status);
        Assert.Null(blocked.Caller);
        Assert.InRange(blocked.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Equal(ConsoleSignInStatus.Succeeded, later.Status);
    }

    [Fact]
    public async Task SignInUserAsync_EachFailurePastTheFreeOnes_DoublesTheBlock()
    {
        // Arrange
        for (var i = 0; i < 5; i++)
        {
            await _signIn.SignInUserAsync(_iam.AccountId, "dev", "wrong", Origin(), default);
        }

        _iam.Time.Advance(TimeSpan.FromSeconds(31));
        await _signIn.SignInUserAsync(_iam.AccountId, "dev", "wrong", Origin(), default);

        // Act
        var blocked = await _signIn.SignInUserAsync(_iam.AccountId, "dev", Password, Origin(), default);

        // Assert
        Assert.Equal(ConsoleSignInStatus.Throttled, blocked.Status);
        Assert.InRange(blocked.RetryAfter!.Value, TimeSpan.FromSeconds(31), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task SignInUserAsync_SuccessBetweenFailures_StartsTheUsersCountAgain()
    {
        // Arrange
        for (var i = 0; i < 4; i++)
        {
            await _signIn.SignInUserAsync(_iam.AccountId, "dev", "wrong", Origin(), default);
        }

        Assert.Equal(ConsoleSignInStatus.Succeeded, (await _signIn.SignInUserAsync(_iam.AccountId, "dev", Password, Origin(), default)).Status);
        for (var i = 0; i < 4; i++)
        {
            await _signIn.SignInUserAsync(_iam.AccountId, "dev", "wrong", Origin(), default);
        }

        // Act
        var result = await _signIn.SignInUserAsync(_iam.AccountId, "dev", Password, Origin(), default);

        // Assert
        Assert.Equal(ConsoleSignInStatus.Succeeded, result.Status);
    }

    [Fact]
    public async Task SignInUserAsync_TwentyFailuresFromOneAddress_BlocksThatAddressOnly()
    {
        // Arrange: guesses at many user names from one address, none of them five times.
        var guesser = IPAddress.Parse("203.0.113.7");
        for (var i = 0; i < 19; i++)
        {
            await _signIn.SignInUserAsync(_iam.AccountId, $"ghost{i}", "wrong", Origin(guesser), default);
        }

        var beforeTwenty = await _signIn.SignInUserAsync(_iam.AccountId, "dev", Password, Origin(guesser), default);
        await _signIn.SignInUserAsync(_iam.AccountId, "ghost19", "wrong", Origin(guesser), default);

        // Act
        var fromGuesser = await _signIn.SignInUserAsync(_iam.AccountId, "dev", Password, Origin(guesser), default);
        var fromElsewhere = await _signIn.SignInUserAsync(_iam.AccountId, "dev", Password, Origin(), default);

        // Assert
        Assert.Equal(ConsoleSignInStatus.Succeeded, beforeTwenty.Status);
        Assert.Equal(ConsoleSignInStatus.Throttled, fromGuesser.Status);
        Assert.Equal(ConsoleSignInStatus.Succeeded, fromElsewhere.Status);
    }

    [Fact]
    public async Task SignInRootAsync_FiveWrongPasswords_Throttled()
    {
        // Arrange
        string email;
        await using (var context = _iam.Db.Create())
        {
            email = context.Accounts.Single(a => a.Id == _iam.AccountId).RootEmail;
        }

        for (var i = 0; i < 5; i++)
        {
            await _signIn.SignInRootAsync(email, "wrong", Origin(), default);
        }

        // Act
        var result = await _signIn.SignInRootAsync(email, "wrong", Origin(), default);

        // Assert
        Assert.Equal(ConsoleSignInStatus.Throttled, result.Status);
    }

    private RequestOrigin Origin(IPAddress? address = null) => new("us-east-1", address ?? IPAddress.Loopback, true, _iam.Time.GetUtcNow());
}
