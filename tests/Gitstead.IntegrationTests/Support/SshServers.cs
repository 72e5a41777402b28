using System.Net;
using System.Net.Sockets;

namespace Gitstead.IntegrationTests.Support;

/// <summary>A server that serves Git over SSH on <see cref="SshPort"/> (loopback).</summary>
public interface ISshServer
{
    int SshPort { get; }
}

/// <summary>A SQLite server that also serves Git over SSH, through its own sshd on a free loopback port.</summary>
public sealed class SqliteSshServer : SqliteServer, ISshServer
{
    public int SshPort { get; } = SshPorts.Free();

    protected override IEnumerable<string> SshArguments() => ["--ssh-port", SshPort.ToString(System.Globalization.CultureInfo.InvariantCulture)];
}

/// <summary>A PostgreSQL server that also serves Git over SSH, through its own sshd on a free loopback port.</summary>
public sealed class PostgresSshServer : PostgresServer, ISshServer
{
    public int SshPort { get; } = SshPorts.Free();

    protected override IEnumerable<string> SshArguments() => ["--ssh-port", SshPort.ToString(System.Globalization.CultureInfo.InvariantCulture)];
}

internal static class SshPorts
{
    /// <summary>A loopback port nobody listens on now (the kernel's choice for port 0).</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
