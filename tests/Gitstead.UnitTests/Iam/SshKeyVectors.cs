namespace Gitstead.UnitTests.Iam;

/// <summary>Keys made with OpenSSH 9.2 <c>ssh-keygen</c>, and what it prints for them.</summary>
internal static class SshKeyVectors
{
    /// <summary><c>ssh-keygen -t rsa -b 2048 -C dev@example</c>.</summary>
    public const string Rsa2048 =
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCnAkzCUcfbBMcMZRTiQUfvDSqAKeXMOBRckdZ1F4QEQShRuzmJHwARztxjWuAg2T9WaZ6l8UjZXU3jPKRVpg21MWR3NAAtmPW/9czVKr05G9uCAb4g85Y1rEL6ydP9eHnUCdp+FOYgUMqknrt6NeMbhLiCqFU+r+xI4sxz0ilkb4HNP7a723n7dcoDiwf7gh9UiujI9nAtwODF8AXgUv/oU50H6Q4LyWSavIm0BsTgy0raJ5XfP7wOzdLvazHuSuEu8aRriKQ8QYkyv7PXGp1D29Y8QhyJBRmoBIU+X5jfHueZsEPMxML7ra6s5vHwxYsI93XkmspOunfEPxbhe/uL dev@example";

    /// <summary><c>ssh-keygen -l -E md5 -f</c> of <see cref="Rsa2048"/>, after <c>MD5:</c>.</summary>
    public const string Rsa2048Md5 = "1b:a9:a0:d3:3a:0c:01:c1:24:59:0a:e0:e5:16:f6:8d";

    /// <summary><c>ssh-keygen -e -m PKCS8</c> of <see cref="Rsa2048"/>.</summary>
    public const string Rsa2048Pkcs8 = """
        -----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApwJMwlHH2wTHDGUU4kFH
        7w0qgCnlzDgUXJHWdReEBEEoUbs5iR8AEc7cY1rgINk/VmmepfFI2V1N4zykVaYN
        tTFkdzQALZj1v/XM1Sq9ORvbggG+IPOWNaxC+snT/Xh51AnafhTmIFDKpJ67ejXj
        G4S4gqhVPq/sSOLMc9IpZG+BzT+2u9t5+3XKA4sH+4IfVIroyPZwLcDgxfAF4FL/
        6FOdB+kOC8lkmryJtAbE4MtK2ieV3z+8Ds3S72sx7krhLvGka4ikPEGJMr+z1xqd
        Q9vWPEIciQUZqASFPl+Y3x7nmbBDzMTC+62urObx8MWLCPd15JrKTrp3xD8W4Xv7
        iwIDAQAB
        -----END PUBLIC KEY-----
        """;

    /// <summary><c>ssh-keygen -e -m PEM</c> (PKCS #1) of <see cref="Rsa2048"/>.</summary>
    public const string Rsa2048Pkcs1 = """
        -----BEGIN RSA PUBLIC KEY-----
        MIIBCgKCAQEApwJMwlHH2wTHDGUU4kFH7w0qgCnlzDgUXJHWdReEBEEoUbs5iR8A
        Ec7cY1rgINk/VmmepfFI2V1N4zykVaYNtTFkdzQALZj1v/XM1Sq9ORvbggG+IPOW
        NaxC+snT/Xh51AnafhTmIFDKpJ67ejXjG4S4gqhVPq/sSOLMc9IpZG+BzT+2u9t5
        +3XKA4sH+4IfVIroyPZwLcDgxfAF4FL/6FOdB+kOC8lkmryJtAbE4MtK2ieV3z+8
        Ds3S72sx7krhLvGka4ikPEGJMr+z1xqdQ9vWPEIciQUZqASFPl+Y3x7nmbBDzMTC
        +62urObx8MWLCPd15JrKTrp3xD8W4Xv7iwIDAQAB
        -----END RSA PUBLIC KEY-----
        """;

    /// <summary><c>ssh-keygen -t rsa -b 1024</c>: too short for IAM.</summary>
    public const string Rsa1024 =
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDHhYVAGS3mevmuyZYGAmC+3g4Gya2GHbimBUzv3EwWYVW6WeSHVowBK8hDonkWnosDP4qRW9Vl/Ca/30Om6t5ZOxGisu/nAWFpc0Z+KA/viTe2gXCE56+t+9eiXpLAVH3UYgHDzRX1yimGOyVHHHhQdBupgeiQ3X7+JQ1vuBPbpw== short";

    /// <summary><c>ssh-keygen -t ed25519</c>: a key type IAM does not take.</summary>
    public const string Ed25519 =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHTR508PYJg4+fW1WgNpXNsPO6ckpbhtr9hXEHhKOg2H ed";
}
