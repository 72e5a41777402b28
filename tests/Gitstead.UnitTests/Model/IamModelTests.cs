using System.Reflection;
using Gitstead.Iam.Common;
using Gitstead.Iam.Policies;
using Xunit;

namespace Gitstead.UnitTests.Model;

/// <summary>
/// IAM's error codes and the model patterns typed by hand, against the botocore model the aws
/// CLI and boto3 read: a client recognises an error only by the model's code, and a
/// validation message quotes the model's pattern.
/// </summary>
public sealed class IamModelTests
{
    /// <summary>Every hand-typed <see cref="ModelPattern"/> of Gitstead.Iam, by the shape (or shapes) it stands for.</summary>
    private static readonly Dictionary<string, ModelPattern> s_patterns = new(StringComparer.Ordinal)
    {
        ["userNameType"] = IamPatterns.UserName,
        ["existingUserNameType"] = IamPatterns.UserName,
        ["pathType"] = IamPatterns.Path,
        ["pathPrefixType"] = IamPatterns.PathPrefix,
        ["accessKeyIdType"] = IamPatterns.Id,
        ["publicKeyIdType"] = IamPatterns.Id,
        ["serviceSpecificCredentialId"] = IamPatterns.Id,
        ["passwordType"] = IamPatterns.Password,
        ["publicKeyMaterialType"] = IamPatterns.PublicKeyMaterial,
        ["tagKeyType"] = IamPatterns.TagKey,
        ["tagValueType"] = IamPatterns.TagValue,
        ["accountAliasType"] = IamPatterns.AccountAlias,
        ["groupNameType"] = IamPatterns.GroupName,
        ["policyNameType"] = PolicyArgs.PolicyName,
        ["policyPathType"] = PolicyArgs.PolicyPath,
        ["policyDocumentType"] = PolicyArgs.PolicyDocument,
        ["policyVersionIdType"] = PolicyArgs.VersionId,
    };

    public static TheoryData<string> IamErrorFactories => ErrorFactories.Names(typeof(IamErrors));

    public static TheoryData<string> PatternShapes => [.. s_patterns.Keys];

    [Theory]
    [MemberData(nameof(IamErrorFactories))]
    public void IamErrors_Factory_CodeStatusAndFaultAreTheModels(string factory)
    {
        // Arrange
        var iam = BotocoreModel.Load("iam");

        // Act
        var error = ErrorFactories.Invoke(typeof(IamErrors), factory);

        // Assert
        Assert.True(iam.Errors.TryGetValue(error.Code, out var modelled),
            $"IamErrors.{factory} sends {error.Code}, which is not an error code of {iam.Path}");
        if (modelled.HttpStatusCode is { } status)
        {
            Assert.Equal((status, modelled.SenderFault), (error.StatusCode, (bool?)error.SenderFault));
        }
    }

    [Theory]
    [MemberData(nameof(PatternShapes))]
    public void ModelPattern_OfShape_PrintsTheModelsPattern(string shape)
    {
        // Arrange
        var iam = BotocoreModel.Load("iam");

        // Act
        var typed = s_patterns[shape].ToString();

        // Assert
        Assert.Equal(iam.Shape(shape).Pattern, typed);
    }

    [Fact]
    public void ModelPatternFields_OfGitsteadIam_AreAllComparedWithTheirShape()
    {
        // Arrange
        var fields = typeof(IamPatterns).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(ModelPattern))
            .ToList();

        // Act
        var missing = fields.Where(f => !s_patterns.ContainsValue((ModelPattern)f.GetValue(null)!))
            .Select(f => $"{f.DeclaringType!.Name}.{f.Name}")
            .ToList();

        // Assert
        Assert.Contains(fields, f => f.Name == nameof(IamPatterns.UserName));
        Assert.True(missing.Count == 0, $"add these to {nameof(s_patterns)} with the shape they stand for: {string.Join(", ", missing)}");
    }
}
