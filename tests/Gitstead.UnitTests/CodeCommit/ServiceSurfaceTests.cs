using System.Reflection;
using System.Text.Json;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Xunit;

namespace Gitstead.UnitTests.CodeCommit;

/// <summary>
/// The public surface of the CodeCommit area is its services: each public method takes the
/// caller's <see cref="CallContext"/> first (so it can authorize), no wire type, and returns
/// no storage entity.
/// </summary>
public sealed class ServiceSurfaceTests
{
    private static readonly Type[] WireTypes = [typeof(AwsRequestContext), typeof(QueryArgs), typeof(JsonElement)];

    public static TheoryData<string> PublicServiceMethods()
    {
        var data = new TheoryData<string>();
        foreach (var method in ServiceMethods())
        {
            data.Add($"{method.DeclaringType!.Name}.{method.Name}");
        }

        return data;
    }

    [Fact]
    public void PublicTypes_OfGitsteadCodeCommit_IncludeTheServices()
    {
        // Act
        var services = typeof(RepositoryService).Assembly.GetExportedTypes().Where(t => t.Name.EndsWith("Service", StringComparison.Ordinal)).Select(t => t.Name).Order();

        // Assert
        Assert.Equal(["ApprovalRuleTemplateService", "ApprovalService", "BranchService", "CommentService", "CommitService", "DifferenceService", "FileService", "FileWriteService", "MergeService", "PullRequestService", "ReferenceService", "RepositoryService", "RepositoryTagService", "TriggerService"], services);
    }

    [Theory]
    [MemberData(nameof(PublicServiceMethods))]
    public void PublicMethod_OfAService_TakesTheCallFirstAndNoWireOrStorageType(string name)
    {
        // Arrange
        var method = ServiceMethods().Single(m => $"{m.DeclaringType!.Name}.{m.Name}" == name);
        var parameters = method.GetParameters();

        // Assert
        Assert.Equal(typeof(CallContext), parameters[0].ParameterType);
        Assert.DoesNotContain(parameters, p => WireTypes.Contains(p.ParameterType));
        Assert.False(Mentions(method.ReturnType, "Gitstead.Storage"), $"{name} returns {method.ReturnType}");
    }

    private static IEnumerable<MethodInfo> ServiceMethods() =>
        typeof(RepositoryService).Assembly.GetExportedTypes()
            .Where(t => t.Name.EndsWith("Service", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly));

    private static bool Mentions(Type type, string ns) =>
        (type.Namespace?.StartsWith(ns, StringComparison.Ordinal) ?? false) || type.GetGenericArguments().Any(a => Mentions(a, ns));
}
