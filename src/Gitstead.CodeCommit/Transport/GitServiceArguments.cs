namespace Gitstead.CodeCommit.Transport;

/// <summary>The git subcommand and trusted options each service runs with, the same on every transport.</summary>
internal static class GitServiceArguments
{
    /// <summary>
    /// upload-pack serves partial clones (<c>--filter</c>) and the wants they lead to, and does not
    /// advertise an unborn HEAD (<c>lsrefs.unborn=ignore</c>): an empty repository has no default
    /// branch until its first push, so a clone keeps the client's <c>init.defaultBranch</c>.
    /// receive-pack checks every object it receives (<c>receive.fsckObjects</c>), so a corrupt or
    /// malicious pack is refused before any ref moves; and it keeps every pushed pack as a pack
    /// (<c>receive.unpackLimit=1</c>), never as loose objects: moving loose objects out of the
    /// push's quarantine into <c>objects/XX/</c> races the maintenance that runs after another
    /// push (<c>git repack -d</c> runs <c>prune-packed</c>, which removes emptied <c>objects/XX/</c>
    /// directories), and git then refuses the push with "unable to migrate objects to permanent
    /// storage"; <c>objects/pack/</c> is never removed. The maintenance folds the small packs, so
    /// receive-pack runs no <c>gc --auto</c> of its own (<c>receive.autogc=false</c>): the client
    /// would wait for it, and it would take maintenance's locks outside the maintenance lease.
    /// </summary>
    /// <param name="service">The service.</param>
    /// <param name="statelessRpc">True over HTTP (one request, one answer); false over SSH (one full-duplex conversation).</param>
    public static string[] For(GitService service, bool statelessRpc)
    {
        string[] options = service == GitService.UploadPack
            ? ["-c", "uploadpack.allowFilter=true", "-c", "uploadpack.allowAnySHA1InWant=true", "-c", "lsrefs.unborn=ignore", "upload-pack"]
            : ["-c", "receive.fsckObjects=true", "-c", "receive.unpackLimit=1", "-c", "receive.autogc=false", "receive-pack"];
        return statelessRpc ? [.. options, "--stateless-rpc"] : options;
    }
}
