using Gitstead.Kms.Aliases;
using Gitstead.Kms.Keys;

namespace Gitstead.Console.Pages.Kms;

/// <summary>The region's AWS managed keys (<c>aws/codecommit</c> once a repository made it): read only.</summary>
public sealed class AwsManagedKeysModel(KeyService keys, AliasService aliases) : KeyListPage(keys, aliases)
{
    public override string KeyManager => "AWS";
}
