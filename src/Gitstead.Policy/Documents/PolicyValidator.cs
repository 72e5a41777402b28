using static Gitstead.Policy.PolicyJsonReader;

namespace Gitstead.Policy;

/// <summary>
/// Second stage of parsing: the checks IAM makes on a syntactically valid document, in
/// IAM's order, so that a document with several problems reports the same one IAM does.
/// </summary>
internal static class PolicyValidator
{
    public static void Validate(RawPolicy policy, PolicyParseOptions options)
    {
        Require(!options.RequireVersion2012 || policy.Version == PolicyDocument.Version2012, PolicyErrors.VersionTooOld);
        CheckLegacyParsing(policy.Statements);
        if (options.Kind == PolicyKind.Identity)
        {
            CheckSids(policy.Statements);
        }

        foreach (var statement in policy.Statements)
        {
            CheckRequiredElements(statement, options.Kind);
        }

        foreach (var statement in policy.Statements)
        {
            CheckValues(statement);
        }
    }

    private static void CheckLegacyParsing(IReadOnlyList<RawStatement> statements)
    {
        foreach (var statement in statements)
        {
            var exactEffect = statement.Effect is "Allow" or "Deny";
            Require(exactEffect && DatesParse(statement) && statement.Resources.All(ResourceFormat.PassesLegacyParsing), PolicyErrors.LegacyParsing);
        }
    }

    private static bool DatesParse(RawStatement statement) =>
        statement.Conditions
            .Where(condition => condition.Operator.Family == OperatorFamily.Date)
            .SelectMany(condition => condition.Values)
            .All(value => ConditionLiterals.TryParseDate(value, out _));

    private static void CheckSids(IReadOnlyList<RawStatement> statements)
    {
        var sids = statements.Select(statement => statement.Sid).OfType<string>().Where(sid => sid.Length > 0).ToList();
        Require(sids.Count == sids.Distinct(StringComparer.Ordinal).Count(), PolicyErrors.DuplicateSid);
        Require(sids.All(sid => sid.All(char.IsAsciiLetterOrDigit)), PolicyErrors.SidNotAlphanumeric);
    }

    private static void CheckRequiredElements(RawStatement statement, PolicyKind kind)
    {
        Require(statement.Actions.Count > 0, PolicyErrors.MissingActions);
        if (kind == PolicyKind.Identity)
        {
            Require(statement.Resource is not null || statement.NotResource is not null, PolicyErrors.MissingResources);
        }
        else
        {
            Require(statement.AnyPrincipal is not null, PolicyErrors.MissingPrincipal);
        }

        Require((statement.Resource is null && statement.NotResource is null) || statement.Resources.Count > 0, PolicyErrors.MissingResources);
    }

    private static void CheckValues(RawStatement statement)
    {
        foreach (var resource in statement.Resources)
        {
            ResourceFormat.Check(resource);
        }

        foreach (var action in statement.Actions)
        {
            ActionFormat.CheckAction(action);
        }

        foreach (var condition in statement.Conditions)
        {
            ActionFormat.CheckConditionKey(condition.Key);
        }

        if (statement.AnyPrincipal is { } principal)
        {
            PrincipalFormat.Check(principal);
        }
    }
}
