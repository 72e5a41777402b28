using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gitstead.Console.Pages.Iam;

/// <summary>Policy documents as the pages show them: indented JSON, or the text as stored when it is not JSON.</summary>
public static class PolicyJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A new policy's starting point: the shape, with nothing allowed yet.</summary>
    public const string Template = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": [],
              "Resource": []
            }
          ]
        }
        """;

    public static string Pretty(string document)
    {
        try
        {
            using var parsed = JsonDocument.Parse(document);
            return JsonSerializer.Serialize(parsed.RootElement, Indented);
        }
        catch (JsonException)
        {
            return document;
        }
    }
}
