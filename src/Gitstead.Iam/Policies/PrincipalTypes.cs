namespace Gitstead.Iam.Policies;

/// <summary>The principal kinds that policies attach to (<c>PrincipalType</c> of attachments and inline policies).</summary>
internal static class PrincipalTypes
{
    public const string User = "user";
    public const string Group = "group";
}
