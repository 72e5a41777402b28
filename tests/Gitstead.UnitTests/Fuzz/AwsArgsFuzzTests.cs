using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gitstead.Aws;
using Microsoft.AspNetCore.WebUtilities;
using Xunit;

namespace Gitstead.UnitTests.Fuzz;

/// <summary>
/// The JSON 1.1 and Query (form) request readers every AWS operation uses: a mutated body
/// either yields values or fails with <see cref="AwsServiceException"/> (SerializationException,
/// ValidationError, MalformedInput), which the wire layer renders as a 400 in the caller's format.
/// </summary>
public sealed class AwsArgsFuzzTests
{
    private static readonly string[] JsonSeeds =
    [
        """{"repositoryName": "demo", "repositoryDescription": "d\u00e9mo \ud83d\ude00", "tags": {"team": "a"}}""",
        """{"KeyId": "alias/aws/codecommit", "Plaintext": "aGVsbG8=", "EncryptionContext": {"k": "v"}, "GrantTokens": ["t"], "NumberOfBytes": 32}""",
        """{"StartTime": 1700000000.5, "EndTime": 1700000100, "MaxResults": 50, "NextToken": "abc", "LookupAttributes": [{"AttributeKey": "EventName", "AttributeValue": "x"}]}""",
        """{"putFileEntries": [{"filePath": "a/b.txt", "fileContent": "eA==", "fileMode": "NORMAL"}], "keepEmptyFolders": false, "maxResults": 1000}""",
    ];

    private static readonly string[] FormSeeds =
    [
        "Action=ListUsers&Version=2010-05-08&MaxItems=10&Marker=abc",
        "Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2Fteam%2F&Tags.member.1.Key=k&Tags.member.1.Value=v&Tags.member.2.Key=k2",
        "Action=SimulatePrincipalPolicy&Version=2010-05-08&ActionNames.member.1=s3%3AGetObject&PolicySourceArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Auser%2Fa",
        "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=900&SerialNumber=arn&TokenCode=123456&UseMfa=true",
    ];

    private static readonly Regex NamePattern = new("^[\\w+=,.@-]+$", RegexOptions.CultureInvariant);

    [Fact]
    public void JsonArgs_MutatedBodies_ReadOrFailAsServiceErrors()
    {
        Fuzzing.Check(Fuzzing.Mutated(JsonSeeds), 1500, body => ReadAll(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void JsonArgs_MutatedBodyBytes_ReadOrFailAsServiceErrors()
    {
        Fuzzing.Check(Fuzzing.MutatedBytes([.. JsonSeeds.Select(Encoding.UTF8.GetBytes)]), 1000, ReadAll);
    }

    /// <summary>Parses as the dispatcher does, then reads every member of every structure every way.</summary>
    private static void ReadAll(byte[] body)
    {
        if (ParseLikeTheDispatcher(body) is not { } root)
        {
            return;
        }

        foreach (var element in Structures(root))
        {
            foreach (var property in element.EnumerateObject())
            {
                ReadEveryWay(element, property.Name);
            }

            ReadEveryWay(element, "absent");
        }
    }

    [Fact]
    public void QueryArgs_MutatedForms_ReadOrFailAsServiceErrors()
    {
        Fuzzing.Check(Fuzzing.Mutated(FormSeeds), 1500, body =>
        {
            var args = new QueryArgs(ParseFormLikeTheDispatcher(body));
            foreach (var name in args.Values.Keys.Append("absent"))
            {
                var prefix = name.Split('.')[0];
                Read(() => AwsResponseWriter.IndexOfInvalidXmlChar(args.Get(name) ?? ""));
                Read(() => args.Required(name));
                Read(() => args.String(name, 1, 64, NamePattern));
                Read(() => args.RequiredString(name, 1, 128));
                Read(() => args.Int(name, 1, 1000));
                Read(() => args.Bool(name));
                Read(() => args.Enum(name, "Active", "Inactive"));
                Read(() => args.List(prefix));
                Read(() => args.Structures(prefix).Select(s => s.Get("Key")).ToList());
                Read(() => args.Page());
            }
        });
    }

    /// <summary>The dispatcher's own body parser; what it refuses is already a SerializationException.</summary>
    private static JsonElement? ParseLikeTheDispatcher(byte[] body)
    {
        try
        {
            return AwsDispatcher.ParseJson(body);
        }
        catch (AwsServiceException ex) when (ex.Code == "SerializationException")
        {
            return null;
        }
    }

    private static Dictionary<string, string> ParseFormLikeTheDispatcher(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(body))))
        {
            form[key] = value.ToString();
        }

        return form;
    }

    /// <summary>The root and every object nested in it, as the operations reach them through <see cref="JsonArgs.Object"/> and <see cref="JsonArgs.ObjectList"/>.</summary>
    private static IEnumerable<JsonElement> Structures(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            yield return element;
            foreach (var property in element.EnumerateObject())
            {
                foreach (var inner in Structures(property.Value))
                {
                    yield return inner;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var inner in Structures(item))
                {
                    yield return inner;
                }
            }
        }
    }

    private static void ReadEveryWay(JsonElement json, string member)
    {
        Read(() => json.String(member));
        Read(() => json.Long(member));
        Read(() => json.Int(member));
        Read(() => json.Bool(member));
        Read(() => json.Blob(member));
        Read(() => json.Timestamp(member));
        Read(() => json.StringList(member));
        Read(() => json.StringMap(member));
        Read(() => json.Object(member));
        Read(() => json.ObjectList(member));
        Read(() => json.Page(member, member, 100, 1000, n => new AwsServiceException("InvalidMaxResultsException", $"{n}")));
    }

    private static void Read(Func<object?> read) => FuzzAssert.SucceedsOrThrows<AwsServiceException>(() => read());
}
