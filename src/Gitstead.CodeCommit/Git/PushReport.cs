using System.Buffers;
using System.Text;

namespace Gitstead.CodeCommit.Git;

/// <summary>
/// A receive-pack report-status written by Gitstead itself, for a push refused before git
/// saw it (gitprotocol-pack "Report Status"): <c>unpack ok</c>, then <c>ng REF REASON</c> for
/// every command, so the client prints <c>! [remote rejected] REF (REASON)</c> per ref. With
/// a sideband the report travels on band 1 and the messages on band 2, which
/// the client prints as <c>remote: …</c> lines.
/// </summary>
internal static class PushReport
{
    /// <param name="commands">The push being refused.</param>
    /// <param name="reason">The one-line reason shown for each ref, by its name.</param>
    /// <param name="messages">Lines for the user; shown only when the client asked for a sideband.</param>
    public static byte[] Rejected(PushCommands commands, Func<string, string> reason, IEnumerable<string> messages)
    {
        var report = new ArrayBufferWriter<byte>();
        PktLine.WriteText(report, "unpack ok\n");
        foreach (var name in commands.CommandRefNames())
        {
            PktLine.WriteText(report, $"ng {name} {OneLine(reason(name))}\n");
        }

        PktLine.WriteFlush(report);
        var sideband = commands.SidebandLineLength;
        if (sideband == 0)
        {
            return report.WrittenSpan.ToArray();
        }

        var output = new ArrayBufferWriter<byte>();
        foreach (var message in messages)
        {
            PktLine.WriteSideband(output, PktLine.ProgressBand, Encoding.UTF8.GetBytes(OneLine(message) + "\n"), sideband);
        }

        PktLine.WriteSideband(output, PktLine.DataBand, report.WrittenSpan, sideband);
        PktLine.WriteFlush(output);
        return output.WrittenSpan.ToArray();
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
