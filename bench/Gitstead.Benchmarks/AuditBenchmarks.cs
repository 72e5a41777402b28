using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Gitstead.Audit;
using Gitstead.Aws;
using Microsoft.Extensions.DependencyInjection;

namespace Gitstead.Benchmarks;

/// <summary>
/// What the audit writer spends on each event, apart from the request that made it: the record
/// as JSON, and the row stored in a batch (SQLite, the embedded default). The API's throughput
/// with the trail on loses what these cost, since the writer shares the machine's cores.
/// </summary>
[MemoryDiagnoser]
public class AuditBenchmarks
{
    private const int Batch = 200;
    private BenchmarkStorage _storage = null!;
    private AuditStore _store = null!;
    private List<AuditEvent> _events = null!;
    private List<byte[]> _records = null!;
    private readonly AuditBatch _batch = new();

    private static readonly AwsServiceDefinition Iam =
        new("iam", AwsProtocol.Query, "2010-05-08", "https://iam.amazonaws.com/doc/2010-05-08/", null, new Dictionary<string, AwsOperationHandler>());

    private readonly QueryArgs _query = new(new Dictionary<string, string> { ["Action"] = "GetUser", ["Version"] = "2010-05-08", ["UserName"] = "bench" });
    private readonly Caller _caller = Caller.User("123456789012", "/", "bench", "AIDAEXAMPLEUSER0BENCH", 7) with { AccessKeyId = "AKIAEXAMPLEKEY000001" };
    private readonly Microsoft.AspNetCore.Http.DefaultHttpContext _http = NewHttp();

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _storage = await BenchmarkStorage.CreateAsync(services => services.AddSingleton<AuditStore>());
        _store = _storage.Get<AuditStore>();
        _events = [.. Enumerable.Range(0, Batch).Select(Event)];
        _records = [.. _events.Select(e => System.Text.Encoding.UTF8.GetBytes(e.ToRecordJson()))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _storage.Dispose();
    }

    /// <summary>What the request path spends on an event: the redacted parameters and the event of a Query call.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int Create()
    {
        var n = 0;
        for (var i = 0; i < Batch; i++)
        {
            var parameters = ApiAudit.Parameters(AwsProtocol.Query, _query, default);
            n += ApiAudit.Create(_http, Iam, "GetUser", _caller, "us-east-1", parameters, null, "0f0e0d0c-0b0a-0908-0706-050403020100", DateTimeOffset.UtcNow)
                .Resources.Count;
        }

        return n;
    }

    /// <summary>The record of one event as CloudTrail's JSON.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int Serialize()
    {
        var length = 0;
        foreach (var e in _events)
        {
            length += e.ToRecordJson().Length;
        }

        return length;
    }

    /// <summary>The record of one event written as the writer does, into a reused buffer.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long SerializeReused()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using var json = new System.Text.Json.Utf8JsonWriter(buffer);
        long length = 0;
        foreach (var e in _events)
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            e.WriteRecord(json);
            json.Flush();
            length += buffer.WrittenCount;
        }

        return length;
    }

    /// <summary>One event's share of encoding and compressing a chunk (a batch's builders reused, as in the writer).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int Encode()
    {
        for (var i = 0; i < _events.Count; i++)
        {
            _batch.Add(_events[i], _records[i]);
        }

        var length = _batch.Seal().Sum(c => c.Events.Length);
        _batch.Clear();
        return length;
    }

    /// <summary>One event's share of storing a batch (one transaction: a chunk of the events, compressed, and its terms).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public Task Store()
    {
        // New ids and times each time, as the writer sees them.
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < _events.Count; i++)
        {
            _batch.Add(_events[i] with { EventTime = now, EventId = Guid.CreateVersion7(now).ToString() }, _records[i]);
        }

        List<EncodedChunk> chunks = [.. _batch.Seal()];
        _batch.Clear();
        return _store.InsertAsync(chunks, CancellationToken.None);
    }

    private static Microsoft.AspNetCore.Http.DefaultHttpContext NewHttp()
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.Headers.UserAgent = "aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe command/iam.get-user";
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        return http;
    }

    private static AuditEvent Event(int i) => new()
    {
        EventTime = DateTimeOffset.UtcNow,
        EventSource = i % 2 == 0 ? "iam.amazonaws.com" : "codecommit.amazonaws.com",
        EventName = i % 2 == 0 ? "GetUser" : "GetRepository",
        AwsRegion = "us-east-1",
        UserIdentity = new AuditIdentity("IAMUser", "AIDAEXAMPLEUSER" + (i % 7), $"arn:aws:iam::123456789012:user/dev{i % 7}", "123456789012", "AKIAEXAMPLEKEY" + (i % 7), "dev" + (i % 7)),
        SourceIpAddress = "127.0.0.1",
        UserAgent = "aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe command/iam.get-user",
        ReadOnly = true,
        RequestParameters = i % 2 == 0 ? new JsonObject { ["userName"] = "dev" + (i % 7) } : new JsonObject { ["repositoryName"] = "repo" + (i % 11) },
        RequestId = Guid.NewGuid().ToString(),
        Resources = i % 2 == 0 ? [new AuditResource("AWS::IAM::User", "dev" + (i % 7), null)] : [new AuditResource("AWS::CodeCommit::Repository", "repo" + (i % 11), "arn:aws:codecommit:us-east-1:123456789012:repo" + (i % 11))],
    };
}
