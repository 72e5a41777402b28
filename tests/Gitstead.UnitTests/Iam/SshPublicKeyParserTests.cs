using Gitstead.Aws;
using Gitstead.Iam.SshKeys;
using Xunit;

namespace Gitstead.UnitTests.Iam;

public sealed class SshPublicKeyParserTests
{
    [Fact]
    public void Parse_OpenSshRsa2048_FingerprintIsSshKeygenMd5()
    {
        // Act
        var key = SshPublicKeyParser.Parse(SshKeyVectors.Rsa2048);

        // Assert
        Assert.Equal(SshKeyVectors.Rsa2048Md5, key.Fingerprint);
        Assert.Equal(2048, key.Bits);
        Assert.Equal(SshKeyVectors.Rsa2048, key.OpenSsh);
    }

    [Theory]
    [InlineData(SshKeyVectors.Rsa2048Pkcs8)]
    [InlineData(SshKeyVectors.Rsa2048Pkcs1)]
    public void Parse_PemOfTheSameKey_SameBlobAndFingerprint(string pem)
    {
        // Act
        var key = SshPublicKeyParser.Parse(pem);

        // Assert
        Assert.Equal(SshKeyVectors.Rsa2048Md5, key.Fingerprint);
        Assert.Equal("ssh-rsa " + SshKeyVectors.Rsa2048.Split(' ')[1], key.OpenSsh);
        Assert.Null(key.Comment);
    }

    [Fact]
    public void Pem_OfOpenSshKey_IsSubjectPublicKeyInfoAsSshKeygenWritesIt()
    {
        // Act
        var pem = SshPublicKeyParser.Parse(SshKeyVectors.Rsa2048).Pem;

        // Assert
        Assert.Equal(SshKeyVectors.Rsa2048Pkcs8.ReplaceLineEndings("\n") + "\n", pem);
    }

    [Fact]
    public void Parse_SurroundingWhitespaceAndTabs_Accepted()
    {
        // Arrange
        var body = "\n  " + SshKeyVectors.Rsa2048.Replace(" dev@", "\tdev@") + "\r\n";

        // Act
        var key = SshPublicKeyParser.Parse(body);

        // Assert
        Assert.Equal(SshKeyVectors.Rsa2048Md5, key.Fingerprint);
        Assert.Equal("dev@example", key.Comment);
    }

    [Fact]
    public void Parse_Rsa1024_InvalidPublicKey()
    {
        // Act
        var error = Assert.Throws<AwsServiceException>(() => SshPublicKeyParser.Parse(SshKeyVectors.Rsa1024));

        // Assert
        Assert.Equal("InvalidPublicKey", error.Code);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("1024", error.Message);
    }

    [Theory]
    [InlineData(SshKeyVectors.Ed25519)]
    [InlineData("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY=")]
    [InlineData("not a key at all")]
    [InlineData("AAAAB3NzaC1yc2EAAAADAQABAAABAQCnAkzCUcfbBMcMZRTiQUfv")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")]
    [InlineData("ssh-rsa AAAA\nssh-rsa BBBB")]
    public void Parse_OtherEncodingOrKeyType_UnrecognizedPublicKeyEncoding(string body)
    {
        // Act
        var error = Assert.Throws<AwsServiceException>(() => SshPublicKeyParser.Parse(body));

        // Assert
        Assert.Equal("UnrecognizedPublicKeyEncoding", error.Code);
    }

    [Fact]
    public void Parse_EcPublicKeyPem_UnrecognizedPublicKeyEncoding()
    {
        // Arrange
        using var ec = System.Security.Cryptography.ECDsa.Create();

        // Act
        var error = Assert.Throws<AwsServiceException>(() => SshPublicKeyParser.Parse(ec.ExportSubjectPublicKeyInfoPem()));

        // Assert
        Assert.Equal("UnrecognizedPublicKeyEncoding", error.Code);
    }

    [Theory]
    [InlineData("ssh-rsa !!!notbase64!!!")]
    [InlineData("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCnAkzCUcfbBMcMZRTiQUfv")]
    [InlineData("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIHTR508PYJg4+fW1WgNpXNsPO6ckpbhtr9hXEHhKOg2H")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApwJMwlHH2wTHDGUU4kFH\n-----END PUBLIC KEY-----")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----")]
    public void Parse_DamagedKeyData_InvalidPublicKey(string body)
    {
        // Act
        var error = Assert.Throws<AwsServiceException>(() => SshPublicKeyParser.Parse(body));

        // Assert
        Assert.Equal("InvalidPublicKey", error.Code);
    }

    [Fact]
    public void Parse_NonMinimalMpint_InvalidPublicKey()
    {
        // Arrange: the same key with a needless zero byte before the exponent.
        var blob = Convert.FromBase64String(SshKeyVectors.Rsa2048.Split(' ')[1]);
        byte[] padded = [.. blob[..11], 0, 0, 0, 4, 0, .. blob[15..]];

        // Act
        var error = Assert.Throws<AwsServiceException>(() => SshPublicKeyParser.Parse("ssh-rsa " + Convert.ToBase64String(padded)));

        // Assert
        Assert.Equal("InvalidPublicKey", error.Code);
    }
}
