using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.Kms.Crypto;
using Gitstead.Kms.Keys;
using static Gitstead.Aws.AwsJson;

namespace Gitstead.Kms.Api;

/// <summary>
/// Cryptographic operations (botocore <c>kms/2014-11-01</c>): Encrypt, Decrypt, ReEncrypt,
/// GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateRandom. Plaintext and data keys
/// are zeroed once rendered and never logged.
/// </summary>
internal sealed class CryptoApi(CryptoService crypto)
{
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html
    public async Task<AwsResult> EncryptAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var plaintext = json.Blob("Plaintext");
        try
        {
            var (blob, arn) = await crypto.EncryptAsync(KmsCall.Direct(ctx.Call), json.String("KeyId"), plaintext, json.StringMap("EncryptionContext"),
                json.String("EncryptionAlgorithm"), json.Bool("DryRun") ?? false, ctx.Aborted);
            return AwsResult.Json(new JsonObject { ["CiphertextBlob"] = Blob(blob), ["KeyId"] = arn, ["EncryptionAlgorithm"] = CryptoService.Algorithm });
        }
        finally
        {
            Zero(plaintext);
        }
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
    public async Task<AwsResult> DecryptAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        Unsupported(json.Object("Recipient") is not null);
        var (plaintext, arn) = await crypto.DecryptAsync(KmsCall.Direct(ctx.Call), json.Blob("CiphertextBlob"), json.String("KeyId"),
            json.StringMap("EncryptionContext"), json.String("EncryptionAlgorithm"), json.Bool("DryRun") ?? false, ctx.Aborted);
        try
        {
            return AwsResult.Json(new JsonObject { ["KeyId"] = arn, ["Plaintext"] = Blob(plaintext), ["EncryptionAlgorithm"] = CryptoService.Algorithm });
        }
        finally
        {
            Zero(plaintext);
        }
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html
    public async Task<AwsResult> ReEncryptAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var (blob, source, destination) = await crypto.ReEncryptAsync(KmsCall.Direct(ctx.Call), json.Blob("CiphertextBlob"),
            json.String("SourceKeyId"), json.StringMap("SourceEncryptionContext"), json.String("DestinationKeyId"), json.StringMap("DestinationEncryptionContext"),
            json.String("SourceEncryptionAlgorithm"), json.String("DestinationEncryptionAlgorithm"), json.Bool("DryRun") ?? false, ctx.Aborted);
        return AwsResult.Json(new JsonObject
        {
            ["CiphertextBlob"] = Blob(blob),
            ["SourceKeyId"] = source,
            ["KeyId"] = destination,
            ["SourceEncryptionAlgorithm"] = CryptoService.Algorithm,
            ["DestinationEncryptionAlgorithm"] = CryptoService.Algorithm,
        });
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html
    public Task<AwsResult> GenerateDataKeyAsync(AwsRequestContext ctx) => DataKeyAsync(ctx, "kms:GenerateDataKey", withPlaintext: true);

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyWithoutPlaintext.html
    public Task<AwsResult> GenerateDataKeyWithoutPlaintextAsync(AwsRequestContext ctx) => DataKeyAsync(ctx, "kms:GenerateDataKeyWithoutPlaintext", withPlaintext: false);

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateRandom.html
    public async Task<AwsResult> GenerateRandomAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var random = await crypto.GenerateRandomAsync(KmsCall.Direct(ctx.Call), json.Int("NumberOfBytes"), json.String("CustomKeyStoreId"),
            json.Object("Recipient") is not null, ctx.Aborted);
        try
        {
            return AwsResult.Json(new JsonObject { ["Plaintext"] = Blob(random) });
        }
        finally
        {
            Zero(random);
        }
    }

    private async Task<AwsResult> DataKeyAsync(AwsRequestContext ctx, string action, bool withPlaintext)
    {
        var json = ctx.Json;
        Unsupported(json.Object("Recipient") is not null);
        var (plaintext, blob, arn) = await crypto.GenerateDataKeyAsync(KmsCall.Direct(ctx.Call), action, json.String("KeyId"),
            json.StringMap("EncryptionContext"), json.String("KeySpec"), json.Int("NumberOfBytes"), json.Bool("DryRun") ?? false, ctx.Aborted);
        try
        {
            var result = new JsonObject { ["CiphertextBlob"] = Blob(blob) };
            if (withPlaintext)
            {
                result["Plaintext"] = Blob(plaintext);
            }

            result["KeyId"] = arn;
            return AwsResult.Json(result);
        }
        finally
        {
            Zero(plaintext);
        }
    }

    private static void Unsupported(bool recipient)
    {
        if (recipient)
        {
            throw KmsErrors.Unsupported("Nitro Enclaves recipients are not supported.");
        }
    }

    private static void Zero(byte[]? secret)
    {
        if (secret is not null)
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
