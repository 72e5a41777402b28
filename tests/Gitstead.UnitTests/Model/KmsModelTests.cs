using System.Text.RegularExpressions;
using Gitstead.Aws;
using Gitstead.Kms.Crypto;
using Gitstead.Kms.Keys;
using Gitstead.UnitTests.Iam;
using Xunit;

namespace Gitstead.UnitTests.Model;

/// <summary>
/// KMS's operations, error codes and limits against the botocore model: a JSON service's error
/// is recognised by its exception shape name, so a code the model lacks reaches clients as a
/// plain ClientError.
/// </summary>
public sealed partial class KmsModelTests
{
    /// <summary>
    /// Codes AWS sends that the model does not list: ValidationException, the common error of
    /// every AWS JSON service for a member that breaks a constraint, and NotAuthorizedException,
    /// KMS's refusal of an <c>alias/aws/…</c> name.
    /// </summary>
    private static readonly string[] CommonErrors = ["ValidationException", "NotAuthorizedException"];

    private static BotocoreModel Model => BotocoreModel.Load("kms");

    public static TheoryData<string> KmsErrorFactories => ErrorFactories.Names(typeof(KmsErrors), nameof(KmsErrors.Error));

    [Theory]
    [MemberData(nameof(KmsErrorFactories))]
    public void KmsErrors_Factory_CodeIsAModelledException(string factory)
    {
        // Act
        var error = ErrorFactories.Invoke(typeof(KmsErrors), factory);

        // Assert
        Assert.True(Model.Errors.ContainsKey(error.Code) || CommonErrors.Contains(error.Code), $"KmsErrors.{factory} sends {error.Code}, which is no exception of {Model.Path}");
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public void ErrorCodeLiterals_InGitsteadKms_AreModelledExceptions()
    {
        // Arrange
        var codes = SourceTree.Lines("src/Gitstead.Kms")
            .SelectMany(l => ErrorCall().Matches(l.Text).Select(m => (Line: $"{l.File}:{l.Number}", Code: m.Groups[1].Value)))
            .ToList();

        // Act
        var unknown = codes.Where(c => !Model.Errors.ContainsKey(c.Code) && !CommonErrors.Contains(c.Code)).Select(c => $"{c.Line}: {c.Code}").ToList();

        // Assert
        Assert.Contains(codes, c => c.Code == "NotFoundException");
        Assert.Contains(codes, c => c.Code == "ConflictException");
        Assert.True(unknown.Count == 0, $"not exceptions of {Model.Path}:\n{string.Join('\n', unknown)}");
    }

    [Fact]
    public async Task OperationTable_EveryOperation_IsABotocoreKmsOperation()
    {
        // Arrange
        await using var db = await IamDatabase.CreateAsync();
        var kms = db.Get<IEnumerable<AwsServiceDefinition>>().Single(s => s.TargetPrefix == "TrentService");

        // Act
        var unknown = kms.Operations.Keys.Where(op => !Model.OperationNames.Contains(op)).ToList();

        // Assert
        Assert.Equal("kms", kms.SigningName);
        Assert.Equal(29, kms.Operations.Count);
        Assert.Empty(unknown);
    }

    [Fact]
    public void Limits_AreTheModels()
    {
        // Assert
        Assert.Equal(Model.Shape("PlaintextType").Max, CryptoService.MaxPlaintextBytes);
        Assert.Equal(Model.Shape("CiphertextType").Max, CryptoService.MaxCiphertextBytes);
        Assert.Equal(Model.Shape("DescriptionType").Max, KeyService.MaxDescriptionLength);
        Assert.Equal(Model.Shape("TagKeyType").Max, 128);
    }

    [GeneratedRegex("""(?:KmsErrors\.)?Error\("([A-Za-z]+)",""")]
    private static partial Regex ErrorCall();
}
