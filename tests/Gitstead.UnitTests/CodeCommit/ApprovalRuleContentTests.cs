using Gitstead.CodeCommit.PullRequests;
using Xunit;

namespace Gitstead.UnitTests.CodeCommit;

public sealed class ApprovalRuleContentTests
{
    private const string Account = "123456789012";

    private static ApprovalRuleContent Parse(string text, bool isTemplate = false)
    {
        Assert.True(ApprovalRuleContent.TryParse(text, isTemplate, out var content, out var error), error);
        return content!;
    }

    [Fact]
    public void The_guide_example_template_parses_and_matches_its_pool()
    {
        var content = Parse("""
            {"Version":"2018-11-08","DestinationReferences":["refs/heads/main"],"Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":2,
             "ApprovalPoolMembers":["CodeCommitApprovers:123456789012:Nikhil_Jayashankar","arn:aws:sts::123456789012:assumed-role/CodeCommitReview/*"]}]}
            """, isTemplate: true);

        Assert.True(content.AppliesTo("refs/heads/main"));
        Assert.False(content.AppliesTo("refs/heads/feature"));
        var statement = Assert.Single(content.Statements);
        Assert.True(statement.IsMember("arn:aws:iam::123456789012:user/Nikhil_Jayashankar", Account));
        Assert.True(statement.IsMember("arn:aws:iam::123456789012:user/team/Nikhil_Jayashankar", Account));
        Assert.True(statement.IsMember("arn:aws:sts::123456789012:federated-user/Nikhil_Jayashankar", Account));
        Assert.True(statement.IsMember("arn:aws:sts::123456789012:assumed-role/CodeCommitReview/alice", Account));
        Assert.False(statement.IsMember("arn:aws:iam::123456789012:user/Mary_Major", Account));
        Assert.False(statement.IsMember("arn:aws:iam::210987654321:user/Nikhil_Jayashankar", "210987654321"));

        Assert.False(content.IsSatisfiedBy(["arn:aws:iam::123456789012:user/Nikhil_Jayashankar", "arn:aws:iam::123456789012:user/Mary_Major"], Account));
        Assert.True(content.IsSatisfiedBy(["arn:aws:iam::123456789012:user/Nikhil_Jayashankar", "arn:aws:sts::123456789012:assumed-role/CodeCommitReview/bob"], Account));
        Assert.False(content.IsSatisfiedBy(["arn:aws:iam::123456789012:user/Nikhil_Jayashankar", "arn:aws:iam::123456789012:user/Nikhil_Jayashankar"], Account));
    }

    [Fact]
    public void Approver_names_with_wildcards_match_role_sessions()
    {
        var statement = Parse("""{"Version":"2018-11-08","Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":1,"ApprovalPoolMembers":["CodeCommitApprovers:123456789012:Reviewers/*","CodeCommitApprovers:123456789012:*carol"]}]}""")
            .Statements[0];

        Assert.True(statement.IsMember("arn:aws:sts::123456789012:assumed-role/Reviewers/anyone", Account));
        Assert.True(statement.IsMember("arn:aws:sts::123456789012:assumed-role/Other/carol", Account));
        Assert.False(statement.IsMember("arn:aws:sts::123456789012:assumed-role/Other/dave", Account));
    }

    [Fact]
    public void Without_a_pool_any_user_of_the_account_counts()
    {
        var content = Parse("""{"Version":"2018-11-08","Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":2}]}""");

        Assert.True(content.AppliesTo("refs/heads/anything"));
        Assert.True(content.IsSatisfiedBy(["arn:aws:iam::123456789012:user/a", "arn:aws:iam::123456789012:user/b"], Account));
        Assert.False(content.IsSatisfiedBy(["arn:aws:iam::123456789012:user/a", "arn:aws:iam::999999999999:user/b"], Account));
    }

    [Fact]
    public void Destination_patterns_match_with_wildcards()
    {
        var content = Parse("""{"Version":"2018-11-08","DestinationReferences":["refs/heads/release/*"],"Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":1}]}""", isTemplate: true);

        Assert.True(content.AppliesTo("refs/heads/release/1.0"));
        Assert.False(content.AppliesTo("refs/heads/main"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"Version":"2012-10-17","Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":1}]}""")]
    [InlineData("""{"Version":"2018-11-08","Statements":[]}""")]
    [InlineData("""{"Version":"2018-11-08"}""")]
    [InlineData("""{"Version":"2018-11-08","Statements":[{"Type":"Reviewers","NumberOfApprovalsNeeded":1}]}""")]
    [InlineData("""{"Version":"2018-11-08","Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":0}]}""")]
    [InlineData("""{"Version":"2018-11-08","Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":"2"}]}""")]
    [InlineData("""{"Version":"2018-11-08","Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":1,"Extra":1}]}""")]
    [InlineData("""{"Version":"2018-11-08","DestinationReferences":["refs/heads/main"],"Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":1}]}""")]
    [InlineData("""{"Version":"2018-11-08","Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":1,"ApprovalPoolMembers":["\ud800"]}]}""")]
    [InlineData("""{"Version":"\udc00","Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":1}]}""")]
    public void Invalid_rule_content_is_refused_with_a_reason(string text)
    {
        Assert.False(ApprovalRuleContent.TryParse(text, isTemplate: false, out var content, out var error));
        Assert.Null(content);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void A_template_refuses_a_leading_wildcard_destination()
    {
        Assert.False(ApprovalRuleContent.TryParse("""{"Version":"2018-11-08","DestinationReferences":["*main"],"Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":1}]}""", isTemplate: true, out _, out var error));
        Assert.Contains("wildcard", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_content_hash_is_lower_case_hex_sha256()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApprovalRuleContent.Sha256("abc"));
    }
}
