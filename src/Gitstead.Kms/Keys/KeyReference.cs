using Gitstead.Aws;

namespace Gitstead.Kms.Keys;

internal enum KeyReferenceKind
{
    KeyId,
    KeyArn,
    AliasName,
    AliasArn,
}

/// <summary>
/// A <c>KeyId</c> parameter taken apart: a key id (UUID), a key ARN, an alias name
/// (<c>alias/NAME</c>) or an alias ARN. <see cref="Value"/> is the key id (lower case) or the
/// alias name; an ARN of another account or region names nothing the caller can see.
/// </summary>
internal readonly record struct KeyReference(KeyReferenceKind Kind, string Value, string Given)
{
    private const int MaxLength = 2048;

    public bool IsAlias => Kind is KeyReferenceKind.AliasName or KeyReferenceKind.AliasArn;

    /// <summary>Parses any of the four forms (Encrypt, Decrypt, DescribeKey, GenerateDataKey*, ReEncrypt).</summary>
    public static KeyReference Parse(CallContext call, string? keyId, string member = "keyId") => Parse(call, keyId, member, aliases: true);

    /// <summary>Parses a key id or key ARN only (management operations); an alias is refused as AWS refuses it.</summary>
    public static KeyReference ParseKeyOnly(CallContext call, string? keyId, string member = "keyId") => Parse(call, keyId, member, aliases: false);

    private static KeyReference Parse(CallContext call, string? keyId, string member, bool aliases)
    {
        if (string.IsNullOrEmpty(keyId))
        {
            throw KmsErrors.Required(member);
        }

        if (keyId.Length > MaxLength)
        {
            throw KmsErrors.Constraint(member, $"Member must have length less than or equal to {MaxLength}");
        }

        var reference = Classify(call, keyId);
        return reference.Kind switch
        {
            KeyReferenceKind.AliasArn when !aliases => throw KmsErrors.AliasesNotSupported(),
            KeyReferenceKind.AliasName when !aliases => throw KmsErrors.InvalidKeyId(keyId),
            _ => reference,
        };
    }

    private static KeyReference Classify(CallContext call, string keyId)
    {
        if (keyId.StartsWith("arn:", StringComparison.Ordinal))
        {
            return ParseArn(call, keyId);
        }

        if (keyId.StartsWith("alias/", StringComparison.Ordinal))
        {
            return new KeyReference(KeyReferenceKind.AliasName, keyId, keyId);
        }

        return TryKeyId(keyId, out var id) ? new KeyReference(KeyReferenceKind.KeyId, id, keyId) : throw KmsErrors.InvalidKeyId(keyId);
    }

    private static KeyReference ParseArn(CallContext call, string arn)
    {
        if (!Arns.TryParse(arn, out var parts) || parts.Partition != Arns.Partition || parts.Service != "kms" || !Arns.IsAccountId(parts.AccountId))
        {
            throw KmsErrors.InvalidArn(arn);
        }

        var foreign = parts.AccountId != call.AccountId || parts.Region != call.Region;
        if (parts.Resource.StartsWith("alias/", StringComparison.Ordinal))
        {
            return foreign ? throw KmsErrors.AliasNotFound(arn) : new KeyReference(KeyReferenceKind.AliasArn, parts.Resource, arn);
        }

        if (parts.Resource.StartsWith("key/", StringComparison.Ordinal) && TryKeyId(parts.Resource[4..], out var id))
        {
            return foreign ? throw KmsErrors.KeyNotFound(arn) : new KeyReference(KeyReferenceKind.KeyArn, id, arn);
        }

        throw KmsErrors.InvalidArn(arn);
    }

    public static bool TryKeyId(string value, out string keyId)
    {
        keyId = "";
        if (value.Length != 36 || !Guid.TryParseExact(value, "D", out var guid))
        {
            return false;
        }

        keyId = guid.ToString("D");
        return true;
    }
}
