using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;

namespace Gitstead.UnitTests.Model;

/// <summary>A string, number, list or other shape of a botocore model, with the constraints the model gives.</summary>
internal sealed record ModelShape(
    string Name,
    string Type,
    long? Min,
    long? Max,
    string? Pattern,
    IReadOnlyList<string>? Enum,
    bool IsException);

/// <summary>
/// An error a client recognises: <see cref="Code"/> is the code on the wire, and
/// <see cref="HttpStatusCode"/> and <see cref="SenderFault"/> are null where the model says nothing.
/// </summary>
internal sealed record ModelError(string Code, string ShapeName, int? HttpStatusCode, bool? SenderFault);

/// <summary>
/// One service model of the botocore installed for the machine's python3: the API shapes the
/// aws CLI and boto3 send and expect, read from <c>botocore/data/SERVICE/VERSION/service-2.json.gz</c>.
/// Without python3 and botocore the tests that use it fail with the reason: they never skip.
/// </summary>
internal sealed class BotocoreModel
{
    private static readonly Lazy<string> s_dataDirectory = new(FindDataDirectory);
    private static readonly ConcurrentDictionary<string, Lazy<BotocoreModel>> s_models = new(StringComparer.Ordinal);

    private readonly JsonElement _operations;
    private readonly JsonElement _shapes;

    private BotocoreModel(string service, string path, JsonElement root)
    {
        Service = service;
        Path = path;
        Protocol = root.GetProperty("metadata").GetProperty("protocol").GetString()!;
        _operations = root.GetProperty("operations");
        _shapes = root.GetProperty("shapes");
        Errors = ReadErrors();
    }

    /// <summary>The service's directory name under botocore/data (iam, sts, codecommit, kms).</summary>
    public string Service { get; }

    /// <summary>The model file, for failure messages.</summary>
    public string Path { get; }

    /// <summary>"query" (IAM, STS) or "json" (CodeCommit, KMS).</summary>
    public string Protocol { get; }

    public IEnumerable<string> OperationNames => _operations.EnumerateObject().Select(o => o.Name);

    public IEnumerable<string> ShapeNames => _shapes.EnumerateObject().Select(s => s.Name);

    /// <summary>
    /// The modelled errors by wire code. A Query service sends the exception's <c>error.code</c>
    /// (<c>NoSuchEntity</c>), or its shape name when it has none; a JSON service sends the shape name.
    /// </summary>
    public IReadOnlyDictionary<string, ModelError> Errors { get; }

    /// <summary>The newest model of <paramref name="service"/>, loaded once per process.</summary>
    public static BotocoreModel Load(string service) =>
        s_models.GetOrAdd(service, s => new Lazy<BotocoreModel>(() => Read(s))).Value;

    public bool HasShape(string name) => _shapes.TryGetProperty(name, out _);

    public ModelShape Shape(string name)
    {
        if (!_shapes.TryGetProperty(name, out var shape))
        {
            throw new KeyNotFoundException($"{Service} has no shape {name} ({Path})");
        }

        return new ModelShape(
            name,
            shape.GetProperty("type").GetString()!,
            Number(shape, "min"),
            Number(shape, "max"),
            shape.TryGetProperty("pattern", out var pattern) ? pattern.GetString() : null,
            shape.TryGetProperty("enum", out var values) ? values.EnumerateArray().Select(v => v.GetString()!).ToArray() : null,
            shape.TryGetProperty("exception", out var exception) && exception.GetBoolean());
    }

    /// <summary>The shape of <c>operation.input.member</c>; null when the operation has no such input member.</summary>
    public string? InputMemberShape(string operation, string member)
    {
        if (!_operations.TryGetProperty(operation, out var op))
        {
            throw new KeyNotFoundException($"{Service} has no operation {operation} ({Path})");
        }

        if (!op.TryGetProperty("input", out var input))
        {
            return null;
        }

        var members = _shapes.GetProperty(input.GetProperty("shape").GetString()!).GetProperty("members");
        return members.TryGetProperty(member, out var m) ? m.GetProperty("shape").GetString() : null;
    }

    private Dictionary<string, ModelError> ReadErrors()
    {
        var errors = new Dictionary<string, ModelError>(StringComparer.Ordinal);
        foreach (var shape in _shapes.EnumerateObject())
        {
            if (!shape.Value.TryGetProperty("exception", out var exception) || !exception.GetBoolean())
            {
                continue;
            }

            var hasError = shape.Value.TryGetProperty("error", out var error);
            var code = Protocol == "query" && hasError && error.TryGetProperty("code", out var c) ? c.GetString()! : shape.Name;
            int? status = hasError && error.TryGetProperty("httpStatusCode", out var s) ? s.GetInt32() : null;
            bool? senderFault = hasError ? error.TryGetProperty("senderFault", out var f) && f.GetBoolean() : null;
            errors[code] = new ModelError(code, shape.Name, status, senderFault);
        }

        return errors;
    }

    private static long? Number(JsonElement shape, string name) =>
        shape.TryGetProperty(name, out var value) ? (long)value.GetDouble() : null;

    private static BotocoreModel Read(string service)
    {
        var serviceDir = System.IO.Path.Combine(s_dataDirectory.Value, service);
        var version = Directory.Exists(serviceDir)
            ? Directory.GetDirectories(serviceDir).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        var path = version is null ? null : System.IO.Path.Combine(version, "service-2.json.gz");
        if (path is null || !File.Exists(path))
        {
            throw new InvalidOperationException($"botocore has no model of {service}: no {serviceDir}/*/service-2.json.gz");
        }

        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var document = JsonDocument.Parse(gzip);
        return new BotocoreModel(service, path, document.RootElement.Clone());
    }

    /// <summary>Asks python3 once where botocore is: the model the real clients use is the one to compare with.</summary>
    private static string FindDataDirectory()
    {
        const string Script = "import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), 'data'))";
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"python3 could not be run ({ex.Message}): the botocore model tests need python3 with botocore on the PATH (test.sh adds /root/.pyenv/shims)", ex);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            if (process.ExitCode != 0 || !Directory.Exists(output))
            {
                throw new InvalidOperationException(
                    $"python3 cannot locate botocore (exit {process.ExitCode}, printed '{output}'): {error.Result.Trim()}; install botocore (or boto3/awscli) for the python3 on the PATH");
            }

            return output;
        }
    }
}
