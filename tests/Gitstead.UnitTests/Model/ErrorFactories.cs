using System.Reflection;
using Gitstead.Aws;
using Xunit;

namespace Gitstead.UnitTests.Model;

/// <summary>The static methods of an errors class that build an <see cref="AwsServiceException"/>, called with dummy text.</summary>
internal static class ErrorFactories
{
    public static TheoryData<string> Names(Type errors, params string[] except)
    {
        var names = new TheoryData<string>();
        foreach (var method in Methods(errors).Where(m => !except.Contains(m.Name)))
        {
            names.Add(method.Name);
        }

        return names;
    }

    /// <summary>Calls <paramref name="name"/> with "x" for every (string) parameter.</summary>
    public static AwsServiceException Invoke(Type errors, string name)
    {
        var method = Methods(errors).Single(m => m.Name == name);
        var arguments = method.GetParameters()
            .Select(p => p.ParameterType == typeof(string)
                ? (object)"x"
                : throw new InvalidOperationException($"{errors.Name}.{name} takes a {p.ParameterType.Name}; give the test a dummy value for it"))
            .ToArray();
        return (AwsServiceException)method.Invoke(null, arguments)!;
    }

    private static IEnumerable<MethodInfo> Methods(Type errors) =>
        errors.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(AwsServiceException));
}
