using System.Globalization;

namespace Gitstead.Auth.SigV4;

/// <summary>
/// Reads what a request claims about its signature, from the <c>Authorization</c> header
/// (reference notes §2.1) or from the presigned query parameters (§2.5). Verifies nothing.
/// </summary>
internal static class SigV4Parser
{
    /// <summary>AWS caps presigned URLs at one week.</summary>
    public const int MaxExpiresSeconds = 604800;

    private const string AmzDate = "X-Amz-Date";

    private static readonly string[] PresignedRequired =
        ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", AmzDate, "X-Amz-Expires"];

    /// <exception cref="Gitstead.Aws.AwsAuthenticationException">MissingAuthenticationToken or IncompleteSignature.</exception>
    public static SigV4Signature Parse(SigV4Request request)
    {
        var authorization = request.FirstHeader("Authorization");
        if (!string.IsNullOrWhiteSpace(authorization))
        {
            return ParseHeader(authorization, request);
        }

        if (IsPresigned(request))
        {
            return ParsePresigned(request);
        }

        throw SigV4Errors.MissingAuthenticationToken();
    }

    /// <summary>The service of the credential scope, read without verifying anything; null if absent or malformed.</summary>
    public static string? PeekService(string? authorization, string? presignedCredential)
    {
        string? credential = presignedCredential;
        if (!string.IsNullOrWhiteSpace(authorization))
        {
            credential = HeaderFields(authorization)?.Credential;
        }

        return credential is null ? null : CredentialScope.TryParse(credential)?.Service;
    }

    private static bool IsPresigned(SigV4Request request) =>
        request.Query("X-Amz-Algorithm") is not null
        || request.Query("X-Amz-Credential") is not null
        || request.Query("X-Amz-Signature") is not null;

    private static SigV4Signature ParseHeader(string authorization, SigV4Request request)
    {
        var fields = HeaderFields(authorization, throwOnMalformedPair: true) ?? new AuthorizationFields();
        var (dateHeader, dateValue) = RequestDate(request);
        List<string>? missing = null;
        foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[("Credential", fields.Credential), ("Signature", fields.Signature), ("SignedHeaders", fields.SignedHeaders)])
        {
            if (value is null)
            {
                (missing ??= []).Add($"Authorization header requires '{name}' parameter.");
            }
        }

        if (dateValue is null)
        {
            (missing ??= []).Add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        if (missing is not null)
        {
            throw SigV4Errors.Incomplete(string.Join(' ', missing));
        }

        var signedHeaders = SplitSignedHeaders(fields.SignedHeaders!);
        if (!signedHeaders.Contains(dateHeader!, StringComparer.OrdinalIgnoreCase))
        {
            throw SigV4Errors.DateNotSigned(dateHeader == "date" ? "Date" : AmzDate);
        }

        var (requestTime, signedAt) = dateHeader == "date" ? ParseHttpDate(dateValue!) : ParseAmzDate(dateValue!);
        return new SigV4Signature
        {
            Scope = ParseScope(fields.Credential!),
            SignedHeaders = signedHeaders,
            Signature = fields.Signature!,
            RequestTime = requestTime,
            SignedAt = signedAt,
            SecurityToken = request.FirstHeader("X-Amz-Security-Token"),
        };
    }

    private static SigV4Signature ParsePresigned(SigV4Request request)
    {
        var missing = PresignedRequired.Where(name => request.Query(name) is null)
            .Select(name => $"AWS query-string parameters must include '{name}'.")
            .ToList();
        if (missing.Count > 0)
        {
            throw SigV4Errors.Incomplete(string.Join(' ', missing) + " Re-examine the query-string parameters.");
        }

        if (request.Query("X-Amz-Algorithm") != SigV4Crypto.Algorithm)
        {
            throw SigV4Errors.Incomplete($"X-Amz-Algorithm only supports \"{SigV4Crypto.Algorithm}\"");
        }

        var (requestTime, signedAt) = ParseAmzDate(request.Query(AmzDate)!);
        return new SigV4Signature
        {
            Scope = ParseScope(request.Query("X-Amz-Credential")!),
            SignedHeaders = SplitSignedHeaders(request.Query("X-Amz-SignedHeaders")!),
            Signature = request.Query("X-Amz-Signature")!,
            RequestTime = requestTime,
            SignedAt = signedAt,
            SecurityToken = request.Query("X-Amz-Security-Token"),
            IsPresigned = true,
            ExpiresIn = ParseExpires(request.Query("X-Amz-Expires")!),
        };
    }

    /// <summary>
    /// <c>AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…</c>, tolerant of spacing; of
    /// each name the first value counts, and names other than these three are ignored. Another
    /// scheme yields no fields, so every part is reported missing, as AWS does.
    /// </summary>
    private static AuthorizationFields? HeaderFields(string authorization, bool throwOnMalformedPair = false)
    {
        var text = authorization.AsSpan().Trim();
        var space = text.IndexOfAny(' ', '\t');
        if (space < 0 || !text[..space].SequenceEqual(SigV4Crypto.Algorithm))
        {
            return null;
        }

        var fields = new AuthorizationFields();
        foreach (var range in text[space..].Split(','))
        {
            var part = text[space..][range].Trim();
            if (part.IsEmpty)
            {
                continue;
            }

            var eq = part.IndexOf('=');
            if (eq < 0)
            {
                if (throwOnMalformedPair)
                {
                    throw SigV4Errors.NotAKeyValuePair(part.ToString());
                }

                continue;
            }

            var name = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim();
            if (name.SequenceEqual("Credential"))
            {
                fields.Credential ??= value.ToString();
            }
            else if (name.SequenceEqual("Signature"))
            {
                fields.Signature ??= value.ToString();
            }
            else if (name.SequenceEqual("SignedHeaders"))
            {
                fields.SignedHeaders ??= value.ToString();
            }
        }

        return fields;
    }

    /// <summary>The three parts of an <c>Authorization</c> header that SigV4 reads; null when absent.</summary>
    private sealed class AuthorizationFields
    {
        public string? Credential { get; set; }

        public string? Signature { get; set; }

        public string? SignedHeaders { get; set; }
    }

    /// <summary><c>X-Amz-Date</c> wins over <c>Date</c>; returns the lower-case name of the one used.</summary>
    private static (string? Header, string? Value) RequestDate(SigV4Request request)
    {
        if (request.FirstHeader(AmzDate) is { } amzDate)
        {
            return ("x-amz-date", amzDate);
        }

        return request.FirstHeader("Date") is { } date ? ("date", date) : (null, null);
    }

    private static CredentialScope ParseScope(string credential) =>
        CredentialScope.TryParse(credential) ?? throw SigV4Errors.MalformedCredential(credential);

    /// <summary>The <c>SignedHeaders</c> list; <c>host</c> must be in it (reference notes §2.1).</summary>
    private static string[] SplitSignedHeaders(string value)
    {
        var names = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return names.Contains("host", StringComparer.OrdinalIgnoreCase) ? names : throw SigV4Errors.HostNotSigned();
    }

    private static (string RequestTime, DateTimeOffset SignedAt) ParseAmzDate(string value)
    {
        var trimmed = value.Trim();
        return SigV4Crypto.TryParseTime(trimmed, out var time) ? (trimmed, time) : throw SigV4Errors.MalformedDate(value);
    }

    /// <summary>An HTTP date (botocore writes <c>Tue, 02 Jan 2024 03:04:05 -0000</c>); signed as <c>yyyymmddTHHMMSSZ</c>.</summary>
    private static (string RequestTime, DateTimeOffset SignedAt) ParseHttpDate(string value)
    {
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, styles, out var time)
            || DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, styles, out time))
        {
            return (SigV4Crypto.FormatTime(time), time);
        }

        throw SigV4Errors.MalformedDate(value);
    }

    private static TimeSpan ParseExpires(string value)
    {
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            throw SigV4Errors.Incomplete("X-Amz-Expires should be a number");
        }

        return seconds switch
        {
            < 0 => throw SigV4Errors.Incomplete("X-Amz-Expires must be non-negative"),
            > MaxExpiresSeconds => throw SigV4Errors.Incomplete($"X-Amz-Expires must be less than a week (in seconds) that is {MaxExpiresSeconds}"),
            _ => TimeSpan.FromSeconds(seconds),
        };
    }
}
