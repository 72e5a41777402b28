using System.Security.Cryptography;
using Gitstead.Storage;

namespace Gitstead.Kms.Envelope;

/// <summary>A root key and its public id (the first 8 bytes of its SHA-256, in hex), stored in each blob it wraps.</summary>
public sealed class RootKey
{
    internal RootKey(byte[] material)
    {
        Material = material;
        Id = IdOf(material);
    }

    public string Id { get; }

    /// <summary>Never leaves the process, never printed.</summary>
    internal byte[] Material { get; }

    internal static string IdOf(ReadOnlySpan<byte> material) => Convert.ToHexStringLower(SHA256.HashData(material).AsSpan(0, 8));
}

/// <summary>
/// The root keys this installation can open blobs with: the current one, which seals every new
/// secret, and retired ones that blobs may still name until <c>gitstead root-key rotate</c> has
/// re-wrapped them. Files of the data directory (owner-only): <c>keys/root.key</c> is the
/// current key (the same file, unchanged, as before rotation existed) and
/// <c>keys/retired-root-keys/ID.key</c> the retired ones. Or the keys come from configuration
/// (<see cref="RootKeyOptions"/>); key files present then are retired members.
/// </summary>
/// <remarks>
/// Several servers share one data directory while a rotation runs in another process, so
/// nothing here is trusted to stay as loaded: before each seal the current file's modification
/// time is compared with the one loaded (a stat, no read), and a blob naming an unknown key
/// makes the ring read its files again.
/// </remarks>
public sealed class RootKeyRing
{
    public const string CurrentFileName = "root.key";
    public const string RetiredDirectoryName = "retired-root-keys";
    private const int KeyBytes = 32;

    private readonly object _reloadGate = new();
    private readonly RootKey? _configured;
    private readonly IReadOnlyList<RootKey> _configuredRetired;
    private volatile Snapshot _snapshot;

    public RootKeyRing(string keysDirectory, RootKeyOptions options)
    {
        KeysDirectory = keysDirectory;
        if (!string.IsNullOrEmpty(options.RootKey))
        {
            _configured = new RootKey(FromBase64(options.RootKey, "Gitstead:RootKey"));
        }

        _configuredRetired = [.. options.RetiredRootKeys.Select((k, i) => new RootKey(FromBase64(k, $"Gitstead:RetiredRootKeys:{i}")))];
        if (_configured is null && _configuredRetired.Count > 0)
        {
            throw new InvalidOperationException("Gitstead:RetiredRootKeys is set without Gitstead:RootKey: retired keys are only read beside a configured current key.");
        }

        if (_configured is null)
        {
            LoadOrCreateCurrentFile();
        }

        _snapshot = Load();
    }

    public string KeysDirectory { get; }

    public string CurrentFile => Path.Combine(KeysDirectory, CurrentFileName);

    public string RetiredDirectory => Path.Combine(KeysDirectory, RetiredDirectoryName);

    /// <summary>True when the current key is <c>Gitstead:RootKey</c>; the rotation cannot change it then.</summary>
    public bool FromConfiguration => _configured is not null;

    /// <summary>The key new secrets are sealed under, re-checked against its file on every call.</summary>
    public RootKey Current
    {
        get
        {
            var snapshot = _snapshot;
            if (snapshot.CurrentStamp is { } stamp && File.GetLastWriteTimeUtc(CurrentFile) != stamp)
            {
                snapshot = Reload();
            }

            return snapshot.Current;
        }
    }

    /// <summary>When the current key became current: its file's time (configuration: the Unix epoch).</summary>
    public DateTime CurrentSinceUtc => _snapshot.CurrentStamp ?? DateTime.UnixEpoch;

    /// <summary>Every member but the current key.</summary>
    public IReadOnlyList<RootKey> Retired
    {
        get
        {
            var snapshot = _snapshot;
            return [.. snapshot.Members.Values.Where(k => k.Id != snapshot.Current.Id).OrderBy(k => k.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>The member with this id, reading the key files again when it is not known yet; null when there is none.</summary>
    public RootKey? Find(string id) =>
        _snapshot.Members.GetValueOrDefault(id) ?? Reload().Members.GetValueOrDefault(id);

    /// <summary>Reads the key files again.</summary>
    public void Refresh() => Reload();

    /// <summary>
    /// Starts a rotation (data directory keys only): the current key is copied to the retired
    /// directory, then a new key replaces <c>root.key</c>. Each step is one atomic file write, so
    /// a rotation killed in between leaves a ring that opens every blob.
    /// </summary>
    internal RootKey BeginRotation()
    {
        if (FromConfiguration)
        {
            throw new InvalidOperationException("The root key is supplied by configuration.");
        }

        var old = Current;
        EnsureRetiredDirectory();
        DataDirectory.WriteSecretFileAtomically(RetiredFile(old.Id), old.Material, replace: false);
        DataDirectory.WriteSecretFileAtomically(CurrentFile, RandomNumberGenerator.GetBytes(KeyBytes), replace: true);
        return Reload().Current;
    }

    /// <summary>
    /// Deletes the files of retired keys (never the current key's), and returns their ids. Keys
    /// retired by configuration stay until the operator removes them from it.
    /// </summary>
    internal IReadOnlyList<string> RemoveRetiredFiles()
    {
        var current = Current.Id;
        var removed = new List<string>();
        foreach (var (path, key) in KeyFiles())
        {
            // root.key is a retired member only when configuration supplies the current key.
            var retired = key.Id != current && (path != CurrentFile || FromConfiguration);
            if (retired)
            {
                File.Delete(path);
                removed.Add(key.Id);
            }
        }

        Reload();
        return removed;
    }

    private Snapshot Reload()
    {
        lock (_reloadGate)
        {
            _snapshot = Load();
            return _snapshot;
        }
    }

    private Snapshot Load()
    {
        var members = new Dictionary<string, RootKey>(StringComparer.Ordinal);
        RootKey current;
        DateTime? stamp = null;
        if (_configured is not null)
        {
            current = _configured;
            foreach (var key in _configuredRetired)
            {
                members.TryAdd(key.Id, key);
            }
        }
        else
        {
            // The time first: if the file is replaced while it is read, the next check reloads again.
            stamp = File.GetLastWriteTimeUtc(CurrentFile);
            current = new RootKey(ReadKeyFile(CurrentFile));
        }

        members[current.Id] = current;
        foreach (var (_, key) in KeyFiles())
        {
            members.TryAdd(key.Id, key);
        }

        return new Snapshot(current, members, stamp);
    }

    private IEnumerable<(string Path, RootKey Key)> KeyFiles()
    {
        if (File.Exists(CurrentFile))
        {
            yield return (CurrentFile, new RootKey(ReadKeyFile(CurrentFile)));
        }

        if (!Directory.Exists(RetiredDirectory))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(RetiredDirectory, "*.key").Order(StringComparer.Ordinal))
        {
            byte[] material;
            try
            {
                material = ReadKeyFile(path);
            }
            catch (FileNotFoundException)
            {
                continue; // retired and removed while listed
            }

            yield return (path, new RootKey(material));
        }
    }

    private void LoadOrCreateCurrentFile()
    {
        if (!File.Exists(CurrentFile))
        {
            // Another node may create it at the same moment: the first file wins, and both use it.
            DataDirectory.WriteSecretFileAtomically(CurrentFile, RandomNumberGenerator.GetBytes(KeyBytes), replace: false);
        }
    }

    private void EnsureRetiredDirectory()
    {
        if (Directory.Exists(RetiredDirectory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(RetiredDirectory);
        }
        else
        {
            Directory.CreateDirectory(RetiredDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private string RetiredFile(string id) => Path.Combine(RetiredDirectory, id + ".key");

    private static byte[] ReadKeyFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return bytes.Length == KeyBytes
            ? bytes
            : throw new InvalidOperationException($"Key file {path} is damaged: expected {KeyBytes} bytes.");
    }

    private static byte[] FromBase64(string value, string setting)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} is not base64.");
        }

        return bytes.Length == KeyBytes ? bytes : throw new InvalidOperationException($"{setting} must be {KeyBytes} bytes (base64 of {KeyBytes} random bytes).");
    }

    private sealed record Snapshot(RootKey Current, IReadOnlyDictionary<string, RootKey> Members, DateTime? CurrentStamp);
}
