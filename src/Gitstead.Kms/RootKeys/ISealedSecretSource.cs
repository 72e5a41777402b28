namespace Gitstead.Kms.RootKeys;

/// <summary>One stored envelope blob: where it is, the context it was sealed with, its bytes.</summary>
/// <param name="RowId">Identifies the blob within its source (a primary key, a file name); may be shown.</param>
/// <param name="Context">The context it was sealed with (associated data of both AES-GCM layers).</param>
/// <param name="Blob">The envelope as stored.</param>
public sealed record SealedSecret(string RowId, string Context, byte[] Blob);

/// <summary>
/// A place that stores blobs of <see cref="Envelope.EnvelopeEncryption"/>: a column of a table
/// (<see cref="SealedColumn{TEntity, TKey}"/>) or files. The root key rotation reads every source and
/// replaces each blob with its re-wrapped form. Register one with
/// <see cref="RootKeyServiceCollectionExtensions.AddSealedColumn{TEntity}"/> or as an
/// <c>ISealedSecretSource</c> singleton.
/// </summary>
public interface ISealedSecretSource
{
    /// <summary>What the blobs are, for the operator's report ("access keys").</summary>
    string Kind { get; }

    /// <summary>Every blob as stored now, in pages; rows may come and go meanwhile.</summary>
    IAsyncEnumerable<SealedSecret> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="rewrapped"/> in place of <paramref name="secret"/>'s blob only if
    /// that blob is still the one stored (compare and swap); false when the row changed or is
    /// gone, so a concurrent change is never overwritten.
    /// </summary>
    Task<bool> ReplaceAsync(SealedSecret secret, byte[] rewrapped, CancellationToken cancellationToken);
}
