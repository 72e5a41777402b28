namespace Gitstead.Auth.SigV4;

/// <summary>The credential scope <c>AKID/yyyymmdd/region/service/aws4_request</c>.</summary>
internal sealed record CredentialScope(string AccessKeyId, string Date, string Region, string Service, string Terminator)
{
    public const string ValidTerminator = "aws4_request";

    /// <summary>The scope without the key id, as it appears in the string to sign.</summary>
    public string Value => $"{Date}/{Region}/{Service}/{Terminator}";

    /// <summary>Five non-empty parts separated by <c>/</c>; null otherwise.</summary>
    public static CredentialScope? TryParse(string credential)
    {
        Span<Range> parts = stackalloc Range[6];
        var span = credential.AsSpan();
        if (span.Split(parts, '/') != 5)
        {
            return null;
        }

        foreach (var part in parts[..5])
        {
            if (part.Start.Equals(part.End))
            {
                return null;
            }
        }

        return new CredentialScope(
            credential[parts[0]], credential[parts[1]], Known(span[parts[2]]), Known(span[parts[3]]), Known(span[parts[4]]));
    }

    /// <summary>The region, service and terminator most requests name, without a copy each.</summary>
    private static string Known(ReadOnlySpan<char> part) => part switch
    {
        ValidTerminator => ValidTerminator,
        "us-east-1" => "us-east-1",
        "iam" => "iam",
        "sts" => "sts",
        "codecommit" => "codecommit",
        "kms" => "kms",
        _ => part.ToString(),
    };
}

/// <summary>
/// What a request claims about its signature, from the Authorization header or the presigned
/// query parameters. Deliberately a class: a record's generated <c>ToString</c> would print
/// the signature and the session token.
/// </summary>
internal sealed class SigV4Signature
{
    public required CredentialScope Scope { get; init; }

    /// <summary>Header names as listed in <c>SignedHeaders</c>.</summary>
    public required IReadOnlyList<string> SignedHeaders { get; init; }

    /// <summary>The signature as sent (expected: 64 lower-case hex digits).</summary>
    public required string Signature { get; init; }

    /// <summary>The request time, <c>yyyymmddTHHMMSSZ</c>, line 2 of the string to sign.</summary>
    public required string RequestTime { get; init; }

    public required DateTimeOffset SignedAt { get; init; }

    /// <summary><c>X-Amz-Security-Token</c>, present only with temporary credentials.</summary>
    public string? SecurityToken { get; init; }

    /// <summary>True for the presigned (query-string) form.</summary>
    public bool IsPresigned { get; init; }

    /// <summary><c>X-Amz-Expires</c> of a presigned request.</summary>
    public TimeSpan ExpiresIn { get; init; }
}
