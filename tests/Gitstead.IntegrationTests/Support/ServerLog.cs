using System.Text;

namespace Gitstead.IntegrationTests.Support;

/// <summary>Everything a server process wrote to stdout and stderr, across restarts.</summary>
public sealed class ServerLog
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _text.ToString();
            }
        }
    }

    public void Append(string stream, string line)
    {
        lock (_lock)
        {
            _text.Append(stream).Append(": ").Append(line).Append('\n');
        }
    }

    /// <summary>The last <paramref name="chars"/> characters, for failure messages.</summary>
    public string Tail(int chars = 4000)
    {
        lock (_lock)
        {
            return _text.Length <= chars ? _text.ToString() : "…" + _text.ToString(_text.Length - chars, chars);
        }
    }
}
