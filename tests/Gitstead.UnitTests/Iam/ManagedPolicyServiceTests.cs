using Gitstead.Aws;
using Gitstead.Iam.Policies;
using Xunit;

namespace Gitstead.UnitTests.Iam;

/// <summary>AWS managed policies belong to AWS: the policy services refuse to change them, even for the root.</summary>
public sealed class ManagedPolicyServiceTests : IAsyncLifetime
{
    private const string ReadOnly = "arn:aws:iam::aws:policy/AWSCodeCommitReadOnly";

    private IamDatabase _iam = null!;

    public async Task InitializeAsync() => _iam = await IamDatabase.CreateAsync();

    public async Task DisposeAsync() => await _iam.DisposeAsync();

    [Fact]
    public async Task DeleteAsync_AwsManagedPolicyByRoot_ImplicitlyDenied()
    {
        // Act
        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => _iam.Get<ManagedPolicyService>().DeleteAsync(_iam.RootCall, ReadOnly, default));

        // Assert
        Assert.Equal("iam:DeletePolicy", error.Action);
        Assert.Equal(ReadOnly, error.Resource);
        Assert.Equal(AuthorizationDecision.ImplicitDeny, error.Result.Decision);
    }

    [Fact]
    public async Task CreateAsync_PolicyVersionOfAwsManagedPolicyByRoot_ImplicitlyDenied()
    {
        // Act
        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => _iam.Get<PolicyVersionService>().CreateAsync(
            _iam.RootCall, ReadOnly, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", true, default));

        // Assert
        Assert.Equal("iam:CreatePolicyVersion", error.Action);
    }

    [Fact]
    public async Task GetAsync_AwsManagedPolicyByRoot_ReturnsIt()
    {
        // Act
        var policy = await _iam.Get<ManagedPolicyService>().GetAsync(_iam.RootCall, ReadOnly, default);

        // Assert
        Assert.Equal("AWSCodeCommitReadOnly", policy.PolicyName);
        Assert.Equal(ReadOnly, policy.Arn);
        Assert.StartsWith("ANPA", policy.PolicyId);
    }
}
