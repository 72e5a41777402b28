using System.Text.Json.Nodes;
using Gitstead.CodeCommit.PullRequests;

namespace Gitstead.Console.Pages.CodeCommit.Templates;

/// <summary>One approval pool member as the form shows it: a name (user or assumed role) or a full ARN.</summary>
/// <param name="Type"><see cref="TemplateRule.NameMember"/> or <see cref="TemplateRule.ArnMember"/>.</param>
/// <param name="Value">The name or the ARN, as typed.</param>
public sealed record PoolMember(string Type, string Value);

/// <summary>
/// The rule of an approval rule template as CodeCommit's console edits it: one <c>Approvers</c>
/// statement (a number of approvals, pool members entered as names or ARNs) and branch names.
/// <see cref="Content"/> writes the 2018-11-08 JSON the console sends (a name becomes
/// <c>CodeCommitApprovers:ACCOUNT:NAME</c>, a branch <c>refs/heads/NAME</c>); whether that content
/// is valid is the service's to say. <see cref="TryRead"/> reads a stored content back into the
/// form when it has that shape.
/// </summary>
public sealed record TemplateRule(int Approvals, IReadOnlyList<PoolMember> Members, IReadOnlyList<string> Branches)
{
    public const string NameMember = "name";
    public const string ArnMember = "arn";

    private const string ApproversPrefix = "CodeCommitApprovers:";
    private const string HeadsPrefix = "refs/heads/";

    /// <summary>The template content: <c>{"Version","DestinationReferences"?,"Statements":[…]}</c>.</summary>
    public string Content(string accountId)
    {
        var statement = new JsonObject { ["Type"] = "Approvers", ["NumberOfApprovalsNeeded"] = Approvals };
        if (Members.Count > 0)
        {
            statement["ApprovalPoolMembers"] = new JsonArray([.. Members.Select(m => JsonValue.Create(Member(m, accountId)))]);
        }

        var root = new JsonObject { ["Version"] = ApprovalRuleContent.CurrentVersion };
        if (Branches.Count > 0)
        {
            root["DestinationReferences"] = new JsonArray([.. Branches.Select(b => JsonValue.Create(Reference(b)))]);
        }

        root["Statements"] = new JsonArray(statement);
        return root.ToJsonString();
    }

    /// <summary>The form's reading of <paramref name="content"/>; null when it is not one Approvers statement (edit the JSON instead).</summary>
    public static TemplateRule? TryRead(string content, string accountId)
    {
        if (!ApprovalRuleContent.TryParse(content, isTemplate: true, out var parsed, out _) || parsed!.Statements.Count != 1)
        {
            return null;
        }

        var statement = parsed.Statements[0];
        var ownPrefix = $"{ApproversPrefix}{accountId}:";
        var members = statement.ApprovalPoolMembers
            .Select(m => m.StartsWith(ownPrefix, StringComparison.Ordinal) ? new PoolMember(NameMember, m[ownPrefix.Length..]) : new PoolMember(ArnMember, m))
            .ToList();
        var branches = parsed.DestinationReferences.Select(BranchName).ToList();
        return new TemplateRule(statement.NumberOfApprovalsNeeded, members, branches);
    }

    /// <summary>Whether two contents say the same (same JSON, whatever its spacing).</summary>
    public static bool SameContent(string a, string b)
    {
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b));
        }
        catch (System.Text.Json.JsonException)
        {
            return string.Equals(a, b, StringComparison.Ordinal);
        }
    }

    /// <summary>A destination reference as a branch name when it is one (<c>refs/heads/main</c> → <c>main</c>).</summary>
    public static string BranchName(string reference) =>
        reference.StartsWith(HeadsPrefix, StringComparison.Ordinal) ? reference[HeadsPrefix.Length..] : reference;

    /// <summary>A pool member in words: the name of a <c>CodeCommitApprovers</c> entry of the account, else the entry.</summary>
    public static string DescribeMember(string member, string accountId) =>
        member.StartsWith($"{ApproversPrefix}{accountId}:", StringComparison.Ordinal) ? member[(ApproversPrefix.Length + accountId.Length + 1)..] : member;

    private static string Member(PoolMember member, string accountId) =>
        member.Type == ArnMember ? member.Value : $"{ApproversPrefix}{accountId}:{member.Value}";

    private static string Reference(string branch) =>
        branch.StartsWith("refs/", StringComparison.Ordinal) ? branch : HeadsPrefix + branch;
}
