namespace Gitstead.Policy;

/// <summary>A syntactically valid document before semantic checks and compilation.</summary>
internal sealed record RawPolicy(string? Version, string? Id, IReadOnlyList<RawStatement> Statements);

internal sealed record RawStatement(int Index, string? Sid, string? Effect, IReadOnlyList<RawCondition> Conditions)
{
    public IReadOnlyList<string>? Action { get; init; }

    public IReadOnlyList<string>? NotAction { get; init; }

    public IReadOnlyList<string>? Resource { get; init; }

    public IReadOnlyList<string>? NotResource { get; init; }

    public RawPrincipal? Principal { get; init; }

    public RawPrincipal? NotPrincipal { get; init; }

    public IReadOnlyList<string> Actions => Action ?? NotAction ?? [];

    public IReadOnlyList<string> Resources => Resource ?? NotResource ?? [];

    public RawPrincipal? AnyPrincipal => Principal ?? NotPrincipal;
}

/// <summary><c>"*"</c> or a map of principal type (AWS, Service, ...) to identifiers.</summary>
internal sealed record RawPrincipal(bool IsWildcard, IReadOnlyList<(string Type, string Value)> Entries);

internal sealed record RawCondition(ConditionOperator Operator, string Key, IReadOnlyList<string> Values);
