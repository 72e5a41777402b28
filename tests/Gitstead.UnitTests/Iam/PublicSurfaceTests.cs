using System.Reflection;
using Gitstead.Aws;
using Gitstead.Iam.Accounts;
using Gitstead.Iam.ConsoleSignIn;
using Gitstead.Iam.Users;
using Xunit;

namespace Gitstead.UnitTests.Iam;

/// <summary>
/// The public surface of Gitstead.Iam is what a console calls: services that take the caller
/// and return records, never EF entities or the API's wire types.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly Assembly Iam = typeof(UserService).Assembly;

    /// <summary>Services that act before there is a caller: creating an account at first start, signing in to the console.</summary>
    private static readonly Type[] CallerlessServices = [typeof(AccountService), typeof(ConsoleSignInService)];

    [Fact]
    public void PublicMembers_Types_NeverMentionStorageEntities()
    {
        // Arrange
        var members = Methods().Select(m => (Describe(m), m.ReturnType))
            .Concat(Iam.GetExportedTypes().SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                .Select(p => ($"{p.DeclaringType!.Name}.{p.Name}", p.PropertyType)));

        // Act
        var leaks = members.Where(m => Mentions(m.Item2, t => t.Namespace == "Gitstead.Storage.Entities")).Select(m => m.Item1).ToList();

        // Assert
        Assert.Empty(leaks);
    }

    [Fact]
    public void PublicMethods_Parameters_NeverQueryArgsOrRequestContext()
    {
        // Act
        var wireTyped = Methods()
            .Where(m => m.GetParameters().Any(p => Mentions(p.ParameterType, t => t == typeof(QueryArgs) || t == typeof(AwsRequestContext))))
            .Select(Describe)
            .ToList();

        // Assert
        Assert.Empty(wireTyped);
    }

    [Fact]
    public void ServiceMethods_FirstParameter_IsTheCallContext()
    {
        // Arrange
        var services = Iam.GetExportedTypes().Where(t => t.Name.EndsWith("Service", StringComparison.Ordinal) && !CallerlessServices.Contains(t));

        // Act
        var callerless = services
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName && m.GetParameters().FirstOrDefault()?.ParameterType != typeof(CallContext))
            .Select(Describe)
            .ToList();

        // Assert
        Assert.NotEmpty(services);
        Assert.Empty(callerless);
    }

    [Fact]
    public void Services_AreSealedAndPublic_HelpersAreNot()
    {
        // Act
        var exported = Iam.GetExportedTypes().Select(t => t.Name).ToHashSet();

        // Assert
        Assert.Contains("UserService", exported);
        Assert.Contains("UserInfo", exported);
        Assert.True(typeof(UserService).IsSealed);
        Assert.DoesNotContain("UserApi", exported);
        Assert.DoesNotContain("UserLookup", exported);
        Assert.DoesNotContain("IamOperations", exported);
    }

    private static IEnumerable<MethodInfo> Methods() =>
        Iam.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName);

    private static string Describe(MethodInfo method) => $"{method.DeclaringType!.Name}.{method.Name}";

    /// <summary>True when <paramref name="type"/>, its element type or any generic argument, at any depth, matches.</summary>
    private static bool Mentions(Type type, Func<Type, bool> match) =>
        match(type)
        || (type.HasElementType && Mentions(type.GetElementType()!, match))
        || (type.IsGenericType && type.GetGenericArguments().Any(a => Mentions(a, match)));
}
