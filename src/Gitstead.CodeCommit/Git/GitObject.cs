namespace Gitstead.CodeCommit.Git;

/// <summary>What <c>git cat-file --batch</c> says of an object before its content.</summary>
/// <param name="Id">The full object id, lower-case hex.</param>
/// <param name="Type"><c>blob</c>, <c>tree</c>, <c>commit</c> or <c>tag</c>.</param>
/// <param name="Size">The content's length in bytes.</param>
internal sealed record GitObjectHeader(string Id, string Type, long Size);

/// <summary>An object read whole into memory.</summary>
/// <param name="Id">The full object id, lower-case hex.</param>
/// <param name="Type"><c>blob</c>, <c>tree</c>, <c>commit</c> or <c>tag</c>.</param>
/// <param name="Content">Exactly the object's bytes (a commit or tree in git's raw form).</param>
internal sealed record GitObject(string Id, string Type, byte[] Content)
{
    public long Size => Content.Length;
}

/// <summary>An object's header and the first bytes of its content.</summary>
/// <param name="Header">Id, type and full size.</param>
/// <param name="Prefix">At most as many bytes as were asked for, from the start of the content.</param>
internal sealed record GitObjectPrefix(GitObjectHeader Header, byte[] Prefix);
