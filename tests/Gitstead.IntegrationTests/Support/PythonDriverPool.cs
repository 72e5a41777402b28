using System.Collections.Concurrent;

namespace Gitstead.IntegrationTests.Support;

/// <summary>
/// Long-lived drivers of one client script, shared by every server of the test run: each
/// request names its endpoint, credentials and CA itself, so a driver serves any server, and
/// starting Python with boto3 or the aws CLI (about 0.7 s of CPU each) is paid once per
/// concurrent caller instead of once per test class. A call takes an idle driver or starts
/// one, so concurrent calls never wait for each other.
/// </summary>
internal sealed class PythonDriverPool
{
    private readonly string _script;
    private readonly ConcurrentBag<PythonDriver> _idle = [];
    private readonly ConcurrentBag<PythonDriver> _all = [];

    public PythonDriverPool(string script)
    {
        _script = script;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var driver in _all)
            {
                driver.Dispose();
            }
        };
    }

    public async Task<string> CallAsync(string requestJson)
    {
        if (!_idle.TryTake(out var driver))
        {
            driver = new PythonDriver(_script);
            _all.Add(driver);
        }

        try
        {
            return await driver.CallAsync(requestJson);
        }
        finally
        {
            _idle.Add(driver);
        }
    }
}
