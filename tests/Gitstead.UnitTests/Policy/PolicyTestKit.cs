using System.Text.Json;
using Gitstead.Policy;

namespace Gitstead.UnitTests.Policy;

/// <summary>Builders for policies and requests shared by the policy engine tests.</summary>
internal static class PolicyTestKit
{
    public const string AccountId = "111111111111";
    public const string RepoArn = "arn:aws:codecommit:us-east-1:111111111111:MyDemoRepo";
    public const string OtherRepoArn = "arn:aws:codecommit:us-east-1:111111111111:OtherRepo";
    public const string TestKey = "test:key";

    /// <summary>A 2012-10-17 identity policy with these statement objects.</summary>
    public static PolicyDocument Doc(params string[] statements) =>
        PolicyDocument.Parse($$"""{"Version": "2012-10-17", "Statement": [{{string.Join(",", statements)}}]}""");

    public static string Allow(string action, string resource = "*", string? condition = null, string? sid = null) =>
        Statement("Allow", action, resource, condition, sid);

    public static string Deny(string action, string resource = "*", string? condition = null, string? sid = null) =>
        Statement("Deny", action, resource, condition, sid);

    public static string Statement(string effect, string action, string resource, string? condition = null, string? sid = null)
    {
        var sidPart = sid is null ? string.Empty : $"\"Sid\": {Json(sid)}, ";
        var conditionPart = condition is null ? string.Empty : $", \"Condition\": {condition}";
        return $"{{{sidPart}\"Effect\": \"{effect}\", \"Action\": {Json(action)}, \"Resource\": {Json(resource)}{conditionPart}}}";
    }

    /// <summary>Allow codecommit:GitPull on * when <c>{"op": {"test:key": values}}</c> holds.</summary>
    public static PolicyDocument ConditionPolicy(string op, string valuesJson, string key = TestKey) =>
        Doc(Allow("codecommit:GitPull", "*", Condition(op, key, valuesJson)));

    /// <summary>A Condition block with one operator and one key: <c>{"op": {"key": values}}</c>.</summary>
    public static string Condition(string op, string key, string valuesJson) =>
        "{" + Json(op) + ": {" + Json(key) + ": " + valuesJson + "}}";

    public static RequestContext Request(string action, string resource = RepoArn, string[]? testKeyValues = null) =>
        testKeyValues is null
            ? new RequestContext(action, resource)
            : new RequestContext(action, resource).WithKey(TestKey, testKeyValues);

    public static RequestContextBuilder User(string name = "bob", string path = "/") =>
        new RequestContextBuilder().ForUser(AccountId, name, "AIDA" + name.ToUpperInvariant(), path);

    public static EvaluationResult Evaluate(RequestContext request, params PolicyDocument[] identityPolicies) =>
        PolicyEvaluator.Evaluate(request, Inputs(identityPolicies));

    public static PolicyDecision Decide(RequestContext request, params PolicyDocument[] identityPolicies) =>
        Evaluate(request, identityPolicies).Decision;

    public static PolicyInput[] Inputs(params PolicyDocument[] documents) =>
        [.. documents.Select((document, index) => new PolicyInput($"policy{index}", document))];

    public static string Json(string value) => JsonSerializer.Serialize(value);
}
