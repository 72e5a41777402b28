using Gitstead.Kms.Keys;
using Gitstead.Policy;

namespace Gitstead.Kms.KeyPolicies;

/// <summary>
/// The key policies KMS writes itself, in AWS's text (GetKeyPolicy returns them as AWS does),
/// and the check every given policy passes.
/// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
/// </summary>
internal static class KeyPolicyDocuments
{
    public const string DefaultPolicyName = "default";

    /// <summary>AWS's size limit for a key policy (32 KiB).</summary>
    public const int MaxPolicyBytes = 32_768;

    /// <summary>
    /// The default key policy of a key created without one: the account (its root) may do
    /// everything, which delegates each principal's access to its IAM policies.
    /// </summary>
    public static string Default(string accountId) => $$"""
        {
          "Version" : "2012-10-17",
          "Id" : "key-default-1",
          "Statement" : [ {
            "Sid" : "Enable IAM User Permissions",
            "Effect" : "Allow",
            "Principal" : {
              "AWS" : "arn:aws:iam::{{accountId}}:root"
            },
            "Action" : "kms:*",
            "Resource" : "*"
          } ]
        }
        """;

    /// <summary>
    /// The key policy of an AWS managed key (<c>alias/aws/SERVICE</c>): every principal of the
    /// account may use the key for cryptography, but only through the service; the account's
    /// principals may read the key's metadata directly (still subject to their IAM policies). No
    /// one may change, disable or delete it.
    /// </summary>
    public static string AwsManaged(string accountId, string region, string service)
    {
        var name = ServiceDisplayName(service);
        return $$"""
            {
              "Version" : "2012-10-17",
              "Id" : "auto-{{service}}-1",
              "Statement" : [ {
                "Sid" : "Allow access through {{name}} for all principals in the account that are authorized to use {{name}}",
                "Effect" : "Allow",
                "Principal" : {
                  "AWS" : "*"
                },
                "Action" : [ "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey" ],
                "Resource" : "*",
                "Condition" : {
                  "StringEquals" : {
                    "kms:CallerAccount" : "{{accountId}}",
                    "kms:ViaService" : "{{service}}.{{region}}.amazonaws.com"
                  }
                }
              }, {
                "Sid" : "Allow direct access to key metadata to the account",
                "Effect" : "Allow",
                "Principal" : {
                  "AWS" : "arn:aws:iam::{{accountId}}:root"
                },
                "Action" : [ "kms:Describe*", "kms:Get*", "kms:List*" ],
                "Resource" : "*"
              } ]
            }
            """;
    }

    /// <summary>The description AWS gives a service's managed key.</summary>
    public static string AwsManagedDescription(string service) => service == "codecommit"
        ? "Default key that protects my CodeCommit repositories when no other key is defined"
        : $"Default key that protects my {ServiceDisplayName(service)} data when no other key is defined";

    /// <summary>Parses a given key policy: MalformedPolicyDocumentException with the engine's reason when it is not one.</summary>
    public static void Validate(string policy)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(policy) > MaxPolicyBytes)
        {
            throw KmsErrors.Limit($"The key policy exceeds the maximum size of {MaxPolicyBytes} bytes.");
        }

        try
        {
            PolicyDocument.Parse(policy, PolicyParseOptions.ResourceBased);
        }
        catch (MalformedPolicyDocumentException ex)
        {
            throw KmsErrors.MalformedPolicy(ex.Message);
        }
    }

    private static string ServiceDisplayName(string service) => service switch
    {
        "codecommit" => "AWS CodeCommit",
        _ => service,
    };
}
