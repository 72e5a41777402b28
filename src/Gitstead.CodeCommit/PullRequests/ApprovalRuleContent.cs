using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gitstead.Policy;

namespace Gitstead.CodeCommit.PullRequests;

/// <summary>
/// The content of a pull request approval rule or approval rule template, version
/// <c>2018-11-08</c>: optional <c>DestinationReferences</c> (templates only) and
/// <c>Statements</c> of type <c>Approvers</c>, each needing a number of approvals from an
/// optional pool of members. Parsing is strict, so what is stored can always be evaluated.
/// </summary>
public sealed class ApprovalRuleContent
{
    public const string CurrentVersion = "2018-11-08";
    public const int MaxLength = 3000;
    public const int MaxDestinationReferences = 100;
    public const int MaxPoolMembers = 50;

    private ApprovalRuleContent(IReadOnlyList<string> destinationReferences, IReadOnlyList<ApprovalStatement> statements)
    {
        DestinationReferences = destinationReferences;
        Statements = statements;
    }

    /// <summary>Full reference names or patterns (<c>refs/heads/release/*</c>); empty means every branch.</summary>
    public IReadOnlyList<string> DestinationReferences { get; }

    public IReadOnlyList<ApprovalStatement> Statements { get; }

    /// <summary>
    /// Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong in
    /// words a caller can show. <c>DestinationReferences</c> is accepted only when
    /// <paramref name="isTemplate"/>.
    /// </summary>
    public static bool TryParse(string? text, bool isTemplate, out ApprovalRuleContent? content, out string error)
    {
        content = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "The approval rule content is required.";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"The approval rule content exceeds {MaxLength} characters.";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8 });
            return TryRead(document.RootElement, isTemplate, out content, out error);
        }
        catch (JsonException)
        {
            error = "The approval rule content is not valid JSON.";
            return false;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON but no string: reading it throws.
            error = "The approval rule content is not valid JSON.";
            return false;
        }
    }

    /// <summary>Whether a rule made from this content applies to a pull request into <paramref name="destinationReference"/>.</summary>
    public bool AppliesTo(string destinationReference) =>
        DestinationReferences.Count == 0 || DestinationReferences.Any(pattern => Glob.Parse(pattern, ignoreCase: false).IsMatch(destinationReference));

    /// <summary>
    /// Whether every statement has its number of approvals from its pool, counting each
    /// approver of <paramref name="approverArns"/> once. Approvers outside
    /// <paramref name="accountId"/> never count.
    /// </summary>
    public bool IsSatisfiedBy(IEnumerable<string> approverArns, string accountId)
    {
        var approvers = approverArns.Distinct(StringComparer.Ordinal).ToList();
        return Statements.All(statement =>
            approvers.Count(arn => statement.IsMember(arn, accountId)) >= statement.NumberOfApprovalsNeeded);
    }

    /// <summary>The <c>ruleContentSha256</c> CodeCommit reports: SHA-256 of the UTF-8 content, lower-case hex.</summary>
    public static string Sha256(string content) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    private static bool TryRead(JsonElement root, bool isTemplate, out ApprovalRuleContent? content, out string error)
    {
        content = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "The approval rule content must be a JSON object.";
            return false;
        }

        string? version = null;
        var destinations = new List<string>();
        var statements = new List<ApprovalStatement>();
        var sawStatements = false;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "Version":
                    version = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    break;
                case "DestinationReferences" when isTemplate:
                    if (!TryReadDestinations(property.Value, destinations, out error))
                    {
                        return false;
                    }

                    break;
                case "Statements":
                    sawStatements = true;
                    if (!TryReadStatements(property.Value, statements, out error))
                    {
                        return false;
                    }

                    break;
                default:
                    error = $"The approval rule content has an unknown field: {property.Name}.";
                    return false;
            }
        }

        if (version != CurrentVersion)
        {
            error = $"The approval rule content must have \"Version\": \"{CurrentVersion}\".";
            return false;
        }

        if (!sawStatements || statements.Count == 0)
        {
            error = "The approval rule content must have at least one statement.";
            return false;
        }

        content = new ApprovalRuleContent(destinations, statements);
        error = "";
        return true;
    }

    private static bool TryReadDestinations(JsonElement value, List<string> destinations, out string error)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            error = "DestinationReferences must be a list of reference names.";
            return false;
        }

        foreach (var item in value.EnumerateArray())
        {
            var reference = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (string.IsNullOrEmpty(reference) || reference[0] == '*' || reference.Any(char.IsControl))
            {
                error = "Each destination reference must be a reference name such as refs/heads/main; a wildcard cannot come first.";
                return false;
            }

            destinations.Add(reference);
        }

        if (destinations.Count > MaxDestinationReferences)
        {
            error = $"An approval rule template can name at most {MaxDestinationReferences} destination references.";
            return false;
        }

        error = "";
        return true;
    }

    private static bool TryReadStatements(JsonElement value, List<ApprovalStatement> statements, out string error)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            error = "Statements must be a list.";
            return false;
        }

        foreach (var item in value.EnumerateArray())
        {
            if (!ApprovalStatement.TryRead(item, out var statement, out error))
            {
                return false;
            }

            statements.Add(statement!);
        }

        error = "";
        return true;
    }
}

/// <summary>
/// One <c>Approvers</c> statement. Pool members are <c>CodeCommitApprovers:ACCOUNT:NAME</c>
/// (an IAM user or federated user called NAME, or an assumed-role session <c>ROLE/SESSION</c>
/// that NAME matches, <c>*</c> matching any run of characters) or full ARNs with optional
/// wildcards. An empty pool means any user of the account.
/// </summary>
public sealed class ApprovalStatement
{
    private const string ApproversPrefix = "CodeCommitApprovers:";

    private ApprovalStatement(int numberOfApprovalsNeeded, IReadOnlyList<string> approvalPoolMembers)
    {
        NumberOfApprovalsNeeded = numberOfApprovalsNeeded;
        ApprovalPoolMembers = approvalPoolMembers;
    }

    public int NumberOfApprovalsNeeded { get; }

    public IReadOnlyList<string> ApprovalPoolMembers { get; }

    /// <summary>Whether the caller <paramref name="arn"/> is in this statement's pool.</summary>
    public bool IsMember(string arn, string accountId)
    {
        var principal = Principal.Parse(arn);
        if (principal is null || principal.AccountId != accountId)
        {
            return false;
        }

        if (ApprovalPoolMembers.Count == 0)
        {
            return true;
        }

        foreach (var member in ApprovalPoolMembers)
        {
            if (member.StartsWith(ApproversPrefix, StringComparison.Ordinal))
            {
                var rest = member[ApproversPrefix.Length..];
                var colon = rest.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && rest[..colon] == accountId && Glob.Parse(rest[(colon + 1)..], ignoreCase: false).IsMatch(principal.ApproverName))
                {
                    return true;
                }
            }
            else if (Glob.Parse(member, ignoreCase: false).IsMatch(arn))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool TryRead(JsonElement item, out ApprovalStatement? statement, out string error)
    {
        statement = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            error = "Each statement must be a JSON object.";
            return false;
        }

        string? type = null;
        int? needed = null;
        var members = new List<string>();
        foreach (var property in item.EnumerateObject())
        {
            switch (property.Name)
            {
                case "Type":
                    type = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    break;
                case "NumberOfApprovalsNeeded":
                    needed = property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var n) ? n : -1;
                    break;
                case "ApprovalPoolMembers":
                    if (property.Value.ValueKind != JsonValueKind.Array)
                    {
                        error = "ApprovalPoolMembers must be a list.";
                        return false;
                    }

                    foreach (var member in property.Value.EnumerateArray())
                    {
                        var text = member.ValueKind == JsonValueKind.String ? member.GetString() : null;
                        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsControl))
                        {
                            error = "Each approval pool member must be an ARN or CodeCommitApprovers:ACCOUNT:NAME.";
                            return false;
                        }

                        members.Add(text);
                    }

                    break;
                default:
                    error = $"A statement has an unknown field: {property.Name}.";
                    return false;
            }
        }

        if (type != "Approvers")
        {
            error = "Each statement must have \"Type\": \"Approvers\".";
            return false;
        }

        if (needed is not > 0)
        {
            error = "Each statement must have a NumberOfApprovalsNeeded of at least 1.";
            return false;
        }

        if (members.Count > ApprovalRuleContent.MaxPoolMembers)
        {
            error = $"A statement can have at most {ApprovalRuleContent.MaxPoolMembers} approval pool members.";
            return false;
        }

        statement = new ApprovalStatement(needed.Value, members);
        error = "";
        return true;
    }

    /// <summary>A caller's account and the name a <c>CodeCommitApprovers</c> entry is matched against.</summary>
    private sealed record Principal(string AccountId, string ApproverName)
    {
        public static Principal? Parse(string arn)
        {
            // arn:aws:iam::ACCOUNT:user/PATH/NAME, arn:aws:sts::ACCOUNT:federated-user/NAME,
            // arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION
            var parts = arn.Split(':', 6);
            if (parts.Length != 6 || parts[0] != "arn")
            {
                return null;
            }

            var resource = parts[5];
            if (parts[2] == "iam" && resource.StartsWith("user/", StringComparison.Ordinal))
            {
                return new Principal(parts[4], resource[(resource.LastIndexOf('/') + 1)..]);
            }

            if (parts[2] == "sts" && resource.StartsWith("federated-user/", StringComparison.Ordinal))
            {
                return new Principal(parts[4], resource["federated-user/".Length..]);
            }

            if (parts[2] == "sts" && resource.StartsWith("assumed-role/", StringComparison.Ordinal))
            {
                return new Principal(parts[4], resource["assumed-role/".Length..]);
            }

            return parts[2] == "iam" && resource == "root" ? new Principal(parts[4], "root") : null;
        }
    }
}
