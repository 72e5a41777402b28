using Gitstead.Kms.Aliases;
using Gitstead.Kms.Keys;

namespace Gitstead.Console.Pages.Kms;

/// <summary>The region's customer managed keys, with Create key.</summary>
public sealed class KeysModel(KeyService keys, AliasService aliases) : KeyListPage(keys, aliases)
{
    public override string KeyManager => "CUSTOMER";
}
