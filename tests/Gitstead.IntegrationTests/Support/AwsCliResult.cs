using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gitstead.IntegrationTests.Support;

/// <summary>What one run of the real <c>aws</c> CLI produced.</summary>
public sealed partial record AwsCliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>stdout parsed as JSON, or null when it is empty or not JSON.</summary>
    public JsonNode Json { get; } = TryParse(Stdout);

    /// <summary>The end of the server log when the command finished, shown when a test fails.</summary>
    public string ServerLogTail { get; init; } = "";

    /// <summary>The AWS error code from "An error occurred (CODE) when calling …", or null.</summary>
    public string ErrorCode => ErrorPattern().Match(Stderr) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The parsed output; fails the test with the CLI's output when the command failed.</summary>
    public JsonNode Ok()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"aws exited with {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}\n--- server log ---\n{ServerLogTail}");
        }

        return Json ?? new JsonObject();
    }

    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}\n--- server log ---\n{ServerLogTail}";

    private static JsonNode TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"An error occurred \(([^)]+)\)")]
    private static partial Regex ErrorPattern();
}
