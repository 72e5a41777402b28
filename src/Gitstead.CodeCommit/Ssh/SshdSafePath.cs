using System.Diagnostics;
using System.Globalization;

namespace Gitstead.CodeCommit.Ssh;

/// <summary>
/// sshd runs an <c>AuthorizedKeysCommand</c> only if the program and every directory above it
/// are owned by root or by the user it runs the command as, and writable by nobody else (its
/// <c>safe_path</c>); otherwise it logs "Unsafe AuthorizedKeysCommand" and refuses every key. A
/// build under <c>/tmp</c> (mode 1777) fails that rule, so the server checks before choosing.
/// </summary>
internal static class SshdSafePath
{
    /// <summary>Whether sshd would run <paramref name="program"/> for the user <paramref name="uid"/>.</summary>
    public static bool Allows(string program, int uid)
    {
        var paths = new List<string>();
        for (var path = Path.GetFullPath(program); !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            paths.Add(path);
        }

        // stat(1) prints the owner and the octal mode of each path, following links (sshd checks the real path).
        var start = new ProcessStartInfo("stat", ["-L", "-c", "%u %a", .. paths]) { RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using var stat = Process.Start(start);
            if (stat is null)
            {
                return false;
            }

            var lines = stat.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            stat.WaitForExit();
            return stat.ExitCode == 0 && lines.Length == paths.Count && lines.All(line => Safe(line, uid));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>One line of <c>stat -c "%u %a"</c>: owned by root or <paramref name="uid"/>, no group or other write bit.</summary>
    internal static bool Safe(string line, int uid) =>
        line.Split(' ') is [var owner, var mode]
        && int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var ownerId)
        && (ownerId == 0 || ownerId == uid)
        && TryOctal(mode, out var bits)
        && (bits & 0b010_010) == 0;

    private static bool TryOctal(string text, out int value)
    {
        value = 0;
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '7')
            {
                return false;
            }

            value = (value * 8) + (c - '0');
        }

        return true;
    }
}
