using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Gitstead.Kms.RootKeys;
using Gitstead.Storage;

namespace Gitstead.Console.Hosting;

/// <summary>
/// The console's Data Protection key files (<c>keys/console/*.xml</c>), each holding one
/// <c>gitsteadEnvelope</c> element, as a source the root key rotation re-wraps. Data Protection
/// never rewrites a key file once written, so a file whose envelope is still the one read is
/// replaced whole (written beside it, then renamed over it).
/// </summary>
internal sealed class DataProtectionKeyFiles(DataDirectory dataDir) : ISealedSecretSource
{
    private string KeyDirectory => Path.Combine(dataDir.KeysDirectory, "console");

    public string Kind => "console key files";

    public async IAsyncEnumerable<SealedSecret> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(KeyDirectory))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(KeyDirectory, "*.xml").Order(StringComparer.Ordinal))
        {
            var envelope = await ReadEnvelopeAsync(path, cancellationToken);
            if (envelope is not null)
            {
                yield return new SealedSecret(Path.GetFileName(path), EnvelopeXmlEncryptor.Context, Convert.FromBase64String(envelope.Value));
            }
        }
    }

    public async Task<bool> ReplaceAsync(SealedSecret secret, byte[] rewrapped, CancellationToken cancellationToken)
    {
        var path = Path.Combine(KeyDirectory, secret.RowId);
        var document = await LoadAsync(path, cancellationToken);
        var envelope = document?.Descendants(EnvelopeXmlEncryptor.ElementName).SingleOrDefault();
        if (envelope is null || envelope.Value != Convert.ToBase64String(secret.Blob))
        {
            return false;
        }

        envelope.Value = Convert.ToBase64String(rewrapped);
        using var buffer = new MemoryStream();
        await document!.SaveAsync(buffer, SaveOptions.None, cancellationToken);
        DataDirectory.WriteSecretFileAtomically(path, buffer.ToArray(), replace: true);
        return true;
    }

    private static async Task<XElement?> ReadEnvelopeAsync(string path, CancellationToken cancellationToken) =>
        (await LoadAsync(path, cancellationToken))?.Descendants(EnvelopeXmlEncryptor.ElementName).SingleOrDefault();

    private static async Task<XDocument?> LoadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            return await XDocument.LoadAsync(stream, LoadOptions.PreserveWhitespace, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
