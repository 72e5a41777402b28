namespace Gitstead.Iam.Common;

/// <summary>The identities policies attach to: IAM users and groups.</summary>
public enum PrincipalKind
{
    User,
    Group,
}
