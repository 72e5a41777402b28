using System.Security.Cryptography;
using Gitstead.Aws;
using Gitstead.Iam.SshKeys;
using Gitstead.UnitTests.Iam;
using Xunit;

namespace Gitstead.UnitTests.Fuzz;

/// <summary>
/// UploadSSHPublicKey bodies: a mutated OpenSSH line, key blob or PEM key either parses or fails
/// with <see cref="AwsServiceException"/> (InvalidPublicKey, UnrecognizedPublicKeyEncoding), a 400.
/// </summary>
public sealed class SshPublicKeyFuzzTests
{
    private static readonly string OpenSshBlob = SshKeyVectors.Rsa2048.Split(' ')[1];

    [Fact]
    public void Parse_MutatedText_ParsesOrIsAPublicKeyError()
    {
        var bodies = Fuzzing.Mutated(SshKeyVectors.Rsa2048, SshKeyVectors.Rsa2048Pkcs8, SshKeyVectors.Rsa2048Pkcs1, SshKeyVectors.Ed25519);

        Fuzzing.Check(bodies, 800, ParseAndRender);
    }

    [Fact]
    public void Parse_MutatedKeyBlob_ParsesOrIsAPublicKeyError()
    {
        var blobs = Fuzzing.MutatedBytes(Convert.FromBase64String(OpenSshBlob));

        Fuzzing.Check(blobs, 800, blob => ParseAndRender($"ssh-rsa {Convert.ToBase64String(blob)} fuzz"));
    }

    [Theory]
    [InlineData("PUBLIC KEY")]
    [InlineData("RSA PUBLIC KEY")]
    public void Parse_MutatedPemDer_ParsesOrIsAPublicKeyError(string label)
    {
        var source = label == "PUBLIC KEY" ? SshKeyVectors.Rsa2048Pkcs8 : SshKeyVectors.Rsa2048Pkcs1;
        var der = Convert.FromBase64String(string.Concat(source.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('-'))));

        Fuzzing.Check(Fuzzing.MutatedBytes(der), 800, bytes => ParseAndRender(PemEncoding.WriteString(label, bytes)));
    }

    /// <summary>Parses, and renders a parsed key in every form the API returns it.</summary>
    private static void ParseAndRender(string body) =>
        FuzzAssert.SucceedsOrThrows<AwsServiceException>(() =>
        {
            var key = SshPublicKeyParser.Parse(body);
            _ = (key.Fingerprint, key.OpenSsh, key.Pem);
        });
}
