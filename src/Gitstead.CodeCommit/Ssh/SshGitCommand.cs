using System.Text.RegularExpressions;
using Gitstead.CodeCommit.Transport;

namespace Gitstead.CodeCommit.Ssh;

/// <summary>
/// What an SSH client asked to run (<c>SSH_ORIGINAL_COMMAND</c>): only
/// <c>git-upload-pack '/v1/repos/NAME'</c> and <c>git-receive-pack '/v1/repos/NAME'</c> (also
/// <c>git upload-pack</c>, and the path without quotes or the leading slash, as clients write them).
/// </summary>
internal static partial class SshGitCommand
{
    public const string Refusal =
        "Gitstead serves only Git over SSH: git-upload-pack or git-receive-pack for /v1/repos/NAME. There is no shell.";

    /// <summary>The service and the repository segment (<c>NAME</c> or <c>NAME.git</c>); false for anything else.</summary>
    public static bool TryParse(string? command, out GitService service, out string segment)
    {
        service = GitService.UploadPack;
        segment = "";
        var match = command is { Length: <= 1024 } ? Pattern().Match(command) : Match.Empty;
        if (!match.Success)
        {
            return false;
        }

        service = match.Groups["service"].Value == "upload-pack" ? GitService.UploadPack : GitService.ReceivePack;
        segment = match.Groups["name"].Value;
        return true;
    }

    [GeneratedRegex("^git[- ](?<service>upload-pack|receive-pack) +(?<q>'?)/?v1/repos/(?<name>[A-Za-z0-9._-]+)\\k<q>\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
