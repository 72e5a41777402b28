using Gitstead.Auth;
using Gitstead.Aws;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gitstead.UnitTests.Auth;

public sealed class AuthServiceCollectionExtensionsTests
{
    [Fact]
    public void AddGitsteadAuth_CalledTwiceAfterOwnTimeProvider_KeepsFirstRegistrations()
    {
        // Arrange
        var services = new ServiceCollection();
        var time = new FakeTimeProvider();
        services.AddSingleton<TimeProvider>(time);

        // Act
        services.AddGitsteadAuth().AddGitsteadAuth();

        // Assert
        Assert.Single(services, d => d.ServiceType == typeof(IAwsRequestAuthenticator));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IAuthorizer)); // the Iam area provides it
        Assert.Same(time, Assert.Single(services, d => d.ServiceType == typeof(TimeProvider)).ImplementationInstance);
    }
}
