namespace Gitstead.Aws.Hosting;

/// <summary>
/// A hosted service whose work can wait until the server listens: periodic sweeps and backfills
/// that nothing at start depends on. The server's host starts such a service when the application
/// has started (Kestrel listening) instead of beside the start, so their first queries and JIT do
/// not compete with it for the CPU. Outside that host (unit tests) it is an ordinary hosted service.
/// </summary>
public interface IStartsAfterListening;
