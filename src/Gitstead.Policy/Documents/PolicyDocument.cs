using System.Diagnostics.CodeAnalysis;

namespace Gitstead.Policy;

/// <summary>
/// A parsed, validated and compiled IAM policy document. Immutable and thread-safe: parse
/// once (when the policy is stored or loaded) and evaluate it any number of times.
/// </summary>
public sealed class PolicyDocument
{
    public const string Version2012 = "2012-10-17";
    public const string Version2008 = "2008-10-17";

    private PolicyDocument(string? version, string? id, PolicyKind kind, PolicyStatement[] statements)
    {
        Version = version;
        Id = id;
        Kind = kind;
        StatementArray = statements;
    }

    /// <summary>The <c>Version</c> element as written; null when omitted (treated as 2008-10-17).</summary>
    public string? Version { get; }

    /// <summary>The optional <c>Id</c> element.</summary>
    public string? Id { get; }

    public PolicyKind Kind { get; }

    /// <summary>Policy variables (<c>${aws:username}</c>) are interpreted only in version 2012-10-17.</summary>
    public bool VariablesEnabled => Version == Version2012;

    public IReadOnlyList<PolicyStatement> Statements => StatementArray;

    internal PolicyStatement[] StatementArray { get; }

    /// <summary>Parses and validates a policy document.</summary>
    /// <exception cref="MalformedPolicyDocumentException">The document is not a valid policy; the message says why.</exception>
    public static PolicyDocument Parse(string json, PolicyParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        options ??= PolicyParseOptions.InlineIdentity;
        var raw = PolicyJsonReader.Read(json, options.Kind);
        PolicyValidator.Validate(raw, options);
        var spans = StatementLocator.Locate(json);
        var variables = raw.Version == Version2012;
        PolicyStatement[] statements = [.. raw.Statements.Select(statement => PolicyCompiler.Compile(statement, variables, spans[statement.Index]))];
        return new PolicyDocument(raw.Version, raw.Id, options.Kind, statements);
    }

    /// <summary>Like <see cref="Parse"/>, returning the reason instead of throwing.</summary>
    public static bool TryParse(
        string json,
        PolicyParseOptions? options,
        [NotNullWhen(true)] out PolicyDocument? document,
        [NotNullWhen(false)] out string? error)
    {
        try
        {
            document = Parse(json, options);
            error = null;
            return true;
        }
        catch (MalformedPolicyDocumentException exception)
        {
            document = null;
            error = exception.Message;
            return false;
        }
    }
}
