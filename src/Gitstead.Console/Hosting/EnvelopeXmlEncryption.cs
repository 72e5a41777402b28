using System.Xml.Linq;
using Gitstead.Kms.Envelope;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace Gitstead.Console.Hosting;

/// <summary>
/// Keeps the console's Data Protection keys (which sign session cookies and anti-forgery
/// tokens) encrypted at rest under Gitstead's root key, as every other recoverable secret is:
/// a key file stolen without the root key opens nothing. The root key rotation re-wraps them
/// (<see cref="DataProtectionKeyFiles"/>).
/// </summary>
internal sealed class EnvelopeXmlEncryptor(EnvelopeEncryption envelope) : IXmlEncryptor
{
    public const string Context = "console-data-protection-key";

    /// <summary>The element that holds the sealed key, base64, in the key file.</summary>
    public const string ElementName = "gitsteadEnvelope";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var sealedKey = envelope.Encrypt(plaintextElement.ToString(SaveOptions.DisableFormatting), Context);
        return new EncryptedXmlInfo(new XElement(ElementName, Convert.ToBase64String(sealedKey)), typeof(EnvelopeXmlDecryptor));
    }
}

/// <summary>Opens what <see cref="EnvelopeXmlEncryptor"/> sealed; made by Data Protection from the key file's record of its type.</summary>
internal sealed class EnvelopeXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var envelope = services.GetRequiredService<EnvelopeEncryption>();
        return XElement.Parse(envelope.Decrypt(Convert.FromBase64String(encryptedElement.Value), EnvelopeXmlEncryptor.Context));
    }
}
