using System.Text.RegularExpressions;
using Gitstead.Aws;
using Gitstead.CodeCommit.PullRequests;
using Gitstead.CodeCommit.Repositories;
using Gitstead.CodeCommit.Templates;
using Gitstead.UnitTests.CodeCommit;
using Xunit;

namespace Gitstead.UnitTests.Model;

/// <summary>
/// CodeCommit's error codes and repository limits against the botocore model: a JSON service's
/// error is recognised by its exception shape name, and the limits are the model's shapes.
/// </summary>
public sealed partial class CodeCommitModelTests
{
    /// <summary>Loaded once per process; a missing botocore fails each test with the reason.</summary>
    private static BotocoreModel Model => BotocoreModel.Load("codecommit");

    public static TheoryData<string> CodeCommitErrorFactories =>
        ErrorFactories.Names(typeof(CodeCommitErrors), nameof(CodeCommitErrors.Error));

    [Theory]
    [MemberData(nameof(CodeCommitErrorFactories))]
    public void CodeCommitErrors_Factory_CodeIsAModelledException(string factory)
    {
        // Act
        var error = ErrorFactories.Invoke(typeof(CodeCommitErrors), factory);

        // Assert
        Assert.True(Model.Errors.ContainsKey(error.Code), $"CodeCommitErrors.{factory} sends {error.Code}, which is no exception of {Model.Path}");
    }

    [Fact]
    public void ErrorCodeLiterals_InGitsteadCodeCommit_AreModelledExceptions()
    {
        // Arrange
        var codes = CodeLiterals(ErrorCall()).ToList();

        // Act
        var unknown = codes.Where(c => !Model.Errors.ContainsKey(c.Code)).Select(c => $"{c.Line}: {c.Code}").ToList();

        // Assert: each way of naming a code was read, then every code is modelled.
        Assert.Contains(codes, c => c.Code == "TagsMapRequiredException");
        Assert.Contains(codes, c => c.Code == "TooManyTagsException");
        Assert.Contains(codes, c => c.Code == "RepositoryDoesNotExistException");
        Assert.True(unknown.Count == 0, $"not exceptions of {Model.Path}:\n{string.Join('\n', unknown)}");
    }

    [Fact]
    public void BatchErrorCodeLiterals_InGitsteadCodeCommit_AreValuesOfAModelledErrorCodeEnum()
    {
        // Arrange
        var codes = CodeLiterals(BatchErrorCode()).ToList();
        var allowed = Model.ShapeNames.Where(n => n.EndsWith("ErrorCodeEnum", StringComparison.Ordinal))
            .SelectMany(n => Model.Shape(n).Enum ?? [])
            .ToHashSet(StringComparer.Ordinal);

        // Act
        var unknown = codes.Where(c => !allowed.Contains(c.Code)).Select(c => $"{c.Line}: {c.Code}").ToList();

        // Assert
        Assert.Contains(codes, c => c.Code == "RepositoryDoesNotExistException");
        Assert.True(unknown.Count == 0, $"in no *ErrorCodeEnum of {Model.Path}:\n{string.Join('\n', unknown)}");
    }

    [Fact]
    public void MaxDescriptionLength_Constant_IsTheModelsRepositoryDescriptionMax()
    {
        // Act
        var max = Model.Shape("RepositoryDescription").Max;

        // Assert
        Assert.Equal(max, RepositoryRules.MaxDescriptionLength);
    }

    [Fact]
    public void Description_AtAndPastTheModelsMax_AcceptedThenInvalidRepositoryDescription()
    {
        // Arrange
        var max = (int)Model.Shape("RepositoryDescription").Max!;

        // Act
        var atMax = RepositoryRules.Description(new string('d', max));
        var pastMax = Assert.Throws<AwsServiceException>(() => RepositoryRules.Description(new string('d', max + 1)));

        // Assert
        Assert.Equal(max, atMax!.Length);
        Assert.Equal("InvalidRepositoryDescriptionException", pastMax.Code);
    }

    [Fact]
    public void IsValidName_LengthsAroundTheModelsRepositoryNameBounds_AcceptedOnlyWithin()
    {
        // Arrange
        var shape = Model.Shape("RepositoryName");
        var (min, max) = ((int)shape.Min!, (int)shape.Max!);

        // Act
        var accepted = new[] { min - 1, min, max, max + 1 }.Select(n => RepositoryRules.IsValidName(new string('r', n))).ToArray();

        // Assert
        Assert.Equal(100, max);
        Assert.Equal([false, true, true, false], accepted);
    }

    [Fact]
    public void IsValidName_EachCharacter_AcceptedExactlyWhenTheModelsRepositoryNamePatternAllowsIt()
    {
        // Arrange: Java, whose regexes the model's are, reads \w as ASCII; so does ECMAScript mode.
        var pattern = new Regex($"^(?:{Model.Shape("RepositoryName").Pattern})$", RegexOptions.ECMAScript);
        var characters = Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Concat("éßЖ٣ⅷ\u00A0").ToList();

        // Act
        var differing = characters.Where(c => RepositoryRules.IsValidName($"a{c}a") != pattern.IsMatch($"a{c}a")).ToList();

        // Assert
        Assert.True(pattern.IsMatch("a_a") && !pattern.IsMatch("a/a"), $"the model's pattern is now {pattern}");
        Assert.True(differing.Count == 0, $"names accepted differently from {pattern}: {string.Join(' ', differing.Select(c => $"a{c}a"))}");
    }

    [Theory]
    [InlineData("min")]
    [InlineData("max")]
    public void CheckTags_KeyAndValueAtTheModelsBounds_Accepted(string bound)
    {
        // Arrange
        var (key, value) = (Model.Shape("TagKey"), Model.Shape("TagValue"));
        var tags = bound == "min"
            ? new Dictionary<string, string> { [new string('k', (int)key.Min!)] = new string('v', (int)value.Min!) }
            : new Dictionary<string, string> { [new string('k', (int)key.Max!)] = new string('v', (int)value.Max!) };

        // Act
        var error = Record.Exception(() => RepositoryRules.CheckTags(tags));

        // Assert
        Assert.Null(error);
    }

    [Theory]
    [InlineData("key below min")]
    [InlineData("key past max")]
    [InlineData("value past max")]
    public void CheckTags_KeyOrValueOutsideTheModelsBounds_InvalidTagsMap(string outside)
    {
        // Arrange
        var (key, value) = (Model.Shape("TagKey"), Model.Shape("TagValue"));
        var tags = outside switch
        {
            "key below min" => new Dictionary<string, string> { [new string('k', (int)key.Min! - 1)] = "v" },
            "key past max" => new Dictionary<string, string> { [new string('k', (int)key.Max! + 1)] = "v" },
            _ => new Dictionary<string, string> { ["k"] = new string('v', (int)value.Max! + 1) },
        };

        // Act
        var error = Assert.Throws<AwsServiceException>(() => RepositoryRules.CheckTags(tags));

        // Assert
        Assert.Equal("InvalidTagsMapException", error.Code);
    }

    [Fact]
    public void MaxTags_TagsMapOfTheModel_SetsNoOtherBound()
    {
        // Act: the model bounds no TagsMap; 50 is the CodeCommit quotas page's limit.
        var max = Model.Shape("TagsMap").Max;

        // Assert
        Assert.True(max is null || max == RepositoryRules.MaxTags, $"the model bounds TagsMap at {max}, RepositoryRules.MaxTags is {RepositoryRules.MaxTags}");
    }

    [Fact]
    public async Task OperationTable_EveryOperation_IsABotocoreOperation_AndEveryApprovalRuleTemplateOperationIsServed()
    {
        // Arrange
        await using var harness = await CodeCommitHarness.CreateAsync();
        var codeCommit = harness.Get<IEnumerable<AwsServiceDefinition>>().Single(s => s.TargetPrefix == "CodeCommit_20150413");
        var templateOperations = Model.OperationNames.Where(op => op.Contains("ApprovalRuleTemplate", StringComparison.Ordinal)).ToList();

        // Act
        var unknown = codeCommit.Operations.Keys.Where(op => !Model.OperationNames.Contains(op)).ToList();
        var missing = templateOperations.Where(op => !codeCommit.Operations.ContainsKey(op)).ToList();

        // Assert
        Assert.Empty(unknown);
        Assert.Equal(13, templateOperations.Count);
        Assert.Empty(missing);
    }

    [Fact]
    public void ApprovalRuleTemplateLimits_AreTheModels()
    {
        // Assert
        Assert.Equal(Model.Shape("ApprovalRuleTemplateDescription").Max, ApprovalRuleTemplateRules.MaxDescriptionLength);
        Assert.Equal(Model.Shape("ApprovalRuleTemplateContent").Max, ApprovalRuleContent.MaxLength);
        Assert.Equal(Model.Shape("ApprovalRuleTemplateName").Max, 100);
        Assert.Equal("n", ApprovalRuleTemplateRules.Name("n"));
        Assert.Equal(new string('n', 100), ApprovalRuleTemplateRules.Name(new string('n', 100)));
        Assert.Equal("InvalidApprovalRuleTemplateNameException", Assert.Throws<AwsServiceException>(() => ApprovalRuleTemplateRules.Name(new string('n', 101))).Code);
        Assert.Equal("ApprovalRuleTemplateNameRequiredException", Assert.Throws<AwsServiceException>(() => ApprovalRuleTemplateRules.Name("")).Code);
        Assert.Equal("InvalidApprovalRuleTemplateDescriptionException",
            Assert.Throws<AwsServiceException>(() => ApprovalRuleTemplateRules.Description(new string('d', ApprovalRuleTemplateRules.MaxDescriptionLength + 1))).Code);
    }

    /// <summary>A code passed to CodeCommitErrors.Error or RepositoryRules.Required, or to Error inside CodeCommitErrors.</summary>
    [GeneratedRegex(@"(?:CodeCommitErrors\.Error|RepositoryRules\.Required|(?<![\w.])Error)\(\s*""(?<code>\w+)""")]
    private static partial Regex ErrorCall();

    /// <summary>An item of a batch call's errors list (BatchGetRepositories).</summary>
    [GeneratedRegex(@"\[""errorCode""\]\s*=\s*""(?<code>\w+)""")]
    private static partial Regex BatchErrorCode();

    private static IEnumerable<(SourceLine Line, string Code)> CodeLiterals(Regex regex) =>
        SourceTree.Lines(Path.Combine("src", "Gitstead.CodeCommit"))
            .SelectMany(line => regex.Matches(line.Text).Select(m => (line, m.Groups["code"].Value)));
}
