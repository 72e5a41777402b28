using System.Net;
using Gitstead.Aws;
using Gitstead.Iam.Accounts;
using Gitstead.Iam.ConsoleSignIn;
using Gitstead.Iam.LoginProfiles;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gitstead.UnitTests.Iam;

/// <summary>ConsoleSignInService finds an IAM user's account by its id, typed with or without dashes, or by its alias.</summary>
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

    private RequestOrigin Origin() => new("us-east-1", IPAddress.Loopback, true, _iam.Time.GetUtcNow());
}
