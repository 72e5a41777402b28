using System.Text.RegularExpressions;
using Gitstead.Aws;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// CodeCommit's rules for repository triggers: at most 10 with unique names of 1–100
/// <c>[A-Za-z0-9._-]</c>, a destination that is an SNS topic or Lambda function ARN in the
/// repository's account and region, custom data up to 1,000 characters, up to 100 branches
/// (none = every branch), and events <c>all</c> (alone) or any of the three reference events.
/// </summary>
internal static partial class TriggerRules
{
    public const int MaxTriggers = 10;
    public const int MaxBranches = 100;
    public const int MaxCustomData = 1000;

    public static readonly IReadOnlySet<string> EventNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "all", "updateReference", "createReference", "deleteReference",
    };

    public static List<RepositoryTriggerInfo> Check(CallContext call, IReadOnlyList<RepositoryTriggerInput>? triggers)
    {
        if (triggers is null)
        {
            throw RepositoryRules.Required("RepositoryTriggersListRequiredException", "The list of triggers for the repository");
        }

        if (triggers.Count > MaxTriggers)
        {
            throw CodeCommitErrors.Error("MaximumRepositoryTriggersExceededException",
                $"The number of triggers allowed for the repository was exceeded. The maximum number of triggers is {MaxTriggers}.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var checkedTriggers = new List<RepositoryTriggerInfo>(triggers.Count);
        foreach (var trigger in triggers)
        {
            var result = Check(call, trigger);
            if (!names.Add(result.Name))
            {
                throw CodeCommitErrors.Error("InvalidRepositoryTriggerNameException", $"The trigger name {result.Name} is used by more than one trigger. Trigger names must be unique.");
            }

            checkedTriggers.Add(result);
        }

        return checkedTriggers;
    }

    private static RepositoryTriggerInfo Check(CallContext call, RepositoryTriggerInput trigger)
    {
        if (string.IsNullOrEmpty(trigger.Name))
        {
            throw RepositoryRules.Required("RepositoryTriggerNameRequiredException", "A name for the trigger");
        }

        if (trigger.Name.Length > 100 || !NamePattern().IsMatch(trigger.Name))
        {
            throw CodeCommitErrors.Error("InvalidRepositoryTriggerNameException",
                $"The name of the trigger is not valid: {trigger.Name}. Names are 1 to 100 letters, digits, periods, underscores and hyphens.");
        }

        CheckDestination(call, trigger.DestinationArn);
        if (trigger.CustomData is { Length: > MaxCustomData })
        {
            throw CodeCommitErrors.Error("InvalidRepositoryTriggerCustomDataException",
                $"The custom data provided for the trigger is not valid. Custom data is at most {MaxCustomData} characters.");
        }

        var branches = trigger.Branches ?? throw RepositoryRules.Required("RepositoryTriggerBranchNameListRequiredException", "A list of branch names (empty for all branches)");
        if (branches.Count > MaxBranches)
        {
            throw CodeCommitErrors.Error("MaximumBranchesExceededException", $"The number of branches for the trigger was exceeded. The maximum is {MaxBranches}.");
        }

        foreach (var branch in branches)
        {
            if (!IsBranchName(branch))
            {
                throw CodeCommitErrors.Error("InvalidRepositoryTriggerBranchNameException", $"One or more branch names specified for the trigger is not valid: {branch}.");
            }
        }

        var events = trigger.Events;
        if (events is null || events.Count == 0)
        {
            throw RepositoryRules.Required("RepositoryTriggerEventsListRequiredException", "A list of events for the trigger");
        }

        if (events.Any(e => !EventNames.Contains(e)) || (events.Contains("all") && events.Count > 1))
        {
            throw CodeCommitErrors.Error("InvalidRepositoryTriggerEventsException",
                "One or more events specified for the trigger is not valid. Use all (alone), or any of updateReference, createReference and deleteReference.");
        }

        return new RepositoryTriggerInfo(trigger.Name, trigger.DestinationArn!, string.IsNullOrEmpty(trigger.CustomData) ? null : trigger.CustomData,
            [.. branches.Distinct(StringComparer.Ordinal)], [.. events.Distinct(StringComparer.Ordinal)]);
    }

    private static void CheckDestination(CallContext call, string? arn)
    {
        if (string.IsNullOrEmpty(arn))
        {
            throw RepositoryRules.Required("RepositoryTriggerDestinationArnRequiredException", "A destination ARN for the trigger");
        }

        var valid = Arns.TryParse(arn, out var parts) && parts.Partition == "aws" && parts.Region.Length > 0
            && (parts.Service == "sns" ? SnsTopic().IsMatch(parts.Resource) : parts.Service == "lambda" && LambdaFunction().IsMatch(parts.Resource));
        if (!valid || parts.AccountId != call.AccountId)
        {
            throw CodeCommitErrors.Error("InvalidRepositoryTriggerDestinationArnException",
                $"The Amazon Resource Name (ARN) for the trigger is not valid for the specified destination: {arn}. The supported destinations are Amazon SNS topics and AWS Lambda functions of the repository's account.");
        }

        if (parts.Region != call.Region)
        {
            throw CodeCommitErrors.Error("InvalidRepositoryTriggerRegionException",
                $"The AWS Region for the trigger target does not match the AWS Region for the repository. Triggers must be created in the same Region as the target for the trigger: {arn}.");
        }
    }

    /// <summary>What <c>git check-ref-format --branch</c> would accept, checked without running git.</summary>
    private static bool IsBranchName(string? branch) =>
        !string.IsNullOrEmpty(branch) && branch.Length <= 256 && !branch.StartsWith('-') && !branch.StartsWith('/') && !branch.EndsWith('/')
        && !branch.EndsWith('.') && !branch.EndsWith(".lock", StringComparison.Ordinal) && !branch.Contains("..", StringComparison.Ordinal)
        && !branch.Contains("//", StringComparison.Ordinal) && !branch.Contains("@{", StringComparison.Ordinal) && branch != "@"
        && !branch.Split('/').Any(p => p.StartsWith('.')) && branch.All(c => c > ' ' && c != 0x7f && "~^:?*[\\".IndexOf(c) < 0);

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SnsTopic();

    [GeneratedRegex("^function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?$")]
    private static partial Regex LambdaFunction();
}
