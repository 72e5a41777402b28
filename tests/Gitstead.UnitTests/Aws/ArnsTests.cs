using Gitstead.Aws;
using Xunit;

namespace Gitstead.UnitTests.Aws;

public sealed class ArnsTests
{
    [Fact]
    public void Formats_EachKind_AwsShapes()
    {
        // Act & Assert
        Assert.Equal("arn:aws:iam::123456789012:root", Arns.Root("123456789012"));
        Assert.Equal("arn:aws:iam::123456789012:user/team/bob", Arns.User("123456789012", "/team/", "bob"));
        Assert.Equal("arn:aws:iam::123456789012:group/devs", Arns.Group("123456789012", "/", "devs"));
        Assert.Equal("arn:aws:iam::aws:policy/AWSCodeCommitReadOnly", Arns.Policy(Arns.AwsOwner, "/", "AWSCodeCommitReadOnly"));
        Assert.Equal("arn:aws:codecommit:eu-west-1:123456789012:demo", Arns.Repository("eu-west-1", "123456789012", "demo"));
        Assert.Equal("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", Arns.KmsKey("us-east-1", "123456789012", "1234abcd-12ab-34cd-56ef-1234567890ab"));
        Assert.Equal("arn:aws:kms:us-east-1:123456789012:alias/aws/codecommit", Arns.KmsAlias("us-east-1", "123456789012", "alias/aws/codecommit"));
    }

    [Fact]
    public void TryParse_ResourceWithColons_KeepsThemInTheResource()
    {
        // Act
        var parsed = Arns.TryParse("arn:aws:logs:us-east-1:123456789012:log-group:my:group", out var parts);

        // Assert
        Assert.True(parsed);
        Assert.Equal(new ArnParts("aws", "logs", "us-east-1", "123456789012", "log-group:my:group"), parts);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("user/bob")]
    [InlineData("arn:aws:iam::123456789012")]
    [InlineData("urn:aws:iam::123456789012:root")]
    [InlineData("arn::iam::123456789012:root")]
    [InlineData("arn:aws:iam::123456789012:")]
    public void TryParse_NotAnArn_False(string? value)
    {
        // Act & Assert
        Assert.False(Arns.TryParse(value, out _));
    }

    [Theory]
    [InlineData("arn:aws:codecommit:us-east-1:123456789012:demo", true)]
    [InlineData("arn:aws:codecommit::123456789012:demo", false)]
    [InlineData("arn:aws:codecommit:us-east-1:12345678901:demo", false)]
    [InlineData("arn:aws:codecommit:us-east-1:123456789012:de:mo", false)]
    [InlineData("arn:aws-cn:codecommit:us-east-1:123456789012:demo", false)]
    [InlineData("arn:aws:iam::123456789012:user/demo", false)]
    public void TryParseRepository_Shapes_OnlyRepositoryArnsOfTheAwsPartition(string arn, bool expected)
    {
        // Act
        var parsed = Arns.TryParseRepository(arn, out var region, out var account, out var name);

        // Assert
        Assert.Equal(expected, parsed);
        if (expected)
        {
            Assert.Equal(("us-east-1", "123456789012", "demo"), (region, account, name));
        }
    }

    [Fact]
    public void Caller_UserAndRoot_CarryTheirPartsAndArn()
    {
        // Act
        var user = Caller.User("123456789012", "/team/", "bob", "AIDAEXAMPLE", 7);
        var root = Caller.Root("123456789012");

        // Assert
        Assert.Equal("arn:aws:iam::123456789012:user/team/bob", user.Arn);
        Assert.Equal(("/team/", "bob", 7L), (user.Path, user.UserName, user.UserKey!.Value));
        Assert.False(user.IsRoot);
        Assert.Equal("arn:aws:iam::123456789012:root", root.Arn);
        Assert.Equal("123456789012", root.UserId);
        Assert.True(root.IsRoot);
        Assert.Null(root.Path);
    }
}
