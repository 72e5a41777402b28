namespace Gitstead.Kms.Envelope;

/// <summary>
/// A root key supplied by configuration instead of <c>DATA_DIR/keys/root.key</c>. Section
/// <c>Gitstead</c>: <c>Gitstead:RootKey</c> (base64 of 32 bytes) and, while secrets are moved
/// to a new one, <c>Gitstead:RetiredRootKeys:0</c>, <c>:1</c>… (the keys it replaces).
/// </summary>
public sealed class RootKeyOptions
{
    public const string Section = "Gitstead";

    /// <summary>The current root key, base64; when empty the key files of the data directory are used.</summary>
    public string? RootKey { get; set; }

    /// <summary>Earlier root keys, base64: still opened, never sealed under.</summary>
    public List<string> RetiredRootKeys { get; set; } = [];
}
