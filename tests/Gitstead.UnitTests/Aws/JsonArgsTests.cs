using System.Text.Json;
using Gitstead.Aws;
using Xunit;

namespace Gitstead.UnitTests.Aws;

public sealed class JsonArgsTests
{
    private static JsonElement Body(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void Readers_PresentMembers_TheirValues()
    {
        // Arrange
        var body = Body("""
            {"s":"text","n":42,"big":5000000000,"t":true,"blob":"AAEC/w==","at":1767322800.5,
             "list":["a","b"],"map":{"k":"v"},"obj":{"x":"y"},"objs":[{"a":"1"},{"a":"2"}]}
            """);

        // Act & Assert
        Assert.Equal("text", body.String("s"));
        Assert.Equal(42, body.Int("n"));
        Assert.Equal(5000000000L, body.Long("big"));
        Assert.True(body.Bool("t"));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, body.Blob("blob"));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 0, 0, 500, TimeSpan.Zero), body.Timestamp("at"));
        Assert.Equal(["a", "b"], body.StringList("list")!);
        Assert.Equal("v", body.StringMap("map")!["k"]);
        Assert.Equal("y", body.Object("obj")!.Value.String("x"));
        Assert.Equal(["1", "2"], body.ObjectList("objs")!.Select(o => o.String("a")));
    }

    [Fact]
    public void Readers_AbsentOrNull_Null()
    {
        // Arrange
        var body = Body("""{"s":null}""");

        // Act & Assert
        Assert.Null(body.String("s"));
        Assert.Null(body.String("missing"));
        Assert.Null(body.Int("missing"));
        Assert.Null(body.Bool("missing"));
        Assert.Null(body.Blob("missing"));
        Assert.Null(body.StringList("missing"));
        Assert.Null(body.Object("missing"));
    }

    [Theory]
    [InlineData("""{"m":1}""", "string")]
    [InlineData("""{"m":"1"}""", "int")]
    [InlineData("""{"m":1.5}""", "int")]
    [InlineData("""{"m":5000000000}""", "int")]
    [InlineData("""{"m":"true"}""", "bool")]
    [InlineData("""{"m":"not base64!"}""", "blob")]
    [InlineData("""{"m":[1]}""", "list")]
    [InlineData("""{"m":{"k":1}}""", "map")]
    [InlineData("""{"m":[]}""", "object")]
    [InlineData("""{"m":1e300}""", "timestamp")]
    [InlineData("""{"m":-1e300}""", "timestamp")]
    [InlineData("""{"m":253402300800}""", "timestamp")]
    public void Readers_WrongJsonType_SerializationException(string json, string reader)
    {
        // Arrange
        var body = Body(json);
        Action read = reader switch
        {
            "string" => () => body.String("m"),
            "int" => () => body.Int("m"),
            "bool" => () => body.Bool("m"),
            "blob" => () => body.Blob("m"),
            "list" => () => body.StringList("m"),
            "map" => () => body.StringMap("m"),
            "timestamp" => () => body.Timestamp("m"),
            _ => () => body.Object("m"),
        };

        // Act
        var error = Assert.Throws<AwsServiceException>(read);

        // Assert
        Assert.Equal("SerializationException", error.Code);
        Assert.Contains("'m'", error.Message);
    }

    [Theory]
    [InlineData("{\"m\": \"a\\ud800\"}")]
    [InlineData("{\"m\": [\"\\udc00\"]}")]
    [InlineData("{\"\\ud83d\": 1}")]
    public void ParseJson_EscapedLoneSurrogate_SerializationException(string json)
    {
        // Act
        var error = Assert.Throws<AwsServiceException>(() => AwsDispatcher.ParseJson(System.Text.Encoding.UTF8.GetBytes(json)));

        // Assert
        Assert.Equal("SerializationException", error.Code);
    }

    [Fact]
    public void ParseJson_InvalidUtf8InAString_SerializationException()
    {
        // Arrange: "repos\xE9toryName", a Latin-1 byte where UTF-8 is required.
        byte[] body = [.. "{\"repos"u8, 0xE9, .. "toryName\": \"demo\"}"u8];

        // Act
        var error = Assert.Throws<AwsServiceException>(() => AwsDispatcher.ParseJson(body));

        // Assert
        Assert.Equal("SerializationException", error.Code);
    }

    [Fact]
    public void ParseJson_EscapedSurrogatePair_ReadsTheCharacter()
    {
        // Act
        var body = AwsDispatcher.ParseJson("{\"m\": \"\\ud83d\\ude00\"}"u8);

        // Assert
        Assert.Equal("\U0001F600", body.String("m"));
    }

    [Fact]
    public void Page_SizeInRangeOrAbsent_TheRequest()
    {
        // Act
        var given = Body("""{"nextToken":"abc","maxResults":25}""").Page("nextToken", "maxResults", 100, 100, n => new InvalidOperationException($"{n}"));
        var absent = Body("{}").Page("nextToken", "maxResults", 100, 100, n => new InvalidOperationException($"{n}"));

        // Assert
        Assert.Equal(new PageRequest("abc", 25), given);
        Assert.Equal(new PageRequest(null, 100), absent);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Page_SizeOutOfRange_TheOperationsError(int size)
    {
        // Arrange
        var body = Body($$"""{"maxResults":{{size}}}""");

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => body.Page("nextToken", "maxResults", 100, 100, n => new InvalidOperationException($"bad {n}")));

        // Assert
        Assert.Equal($"bad {size}", error.Message);
    }

    [Theory]
    [InlineData("\"\"", 0L)]
    [InlineData("\"AA==\"", 1L)]
    [InlineData("\"AAE=\"", 2L)]
    [InlineData("\"AAEC\"", 3L)]
    [InlineData("\"AAEC/w==\"", 4L)]
    [InlineData("\"AAEC\\/w==\"", null)]
    [InlineData("42", null)]
    public void Base64Length_WithoutDecoding_IsWhatBlobDecodesTo(string value, long? expected)
    {
        // Arrange
        var body = Body($$"""{"blob":{{value}}}""");

        // Act
        var length = body.Base64Length("blob");

        // Assert
        Assert.Equal(expected, length);
        if (expected is not null)
        {
            Assert.Equal(expected, body.Blob("blob")!.Length);
        }
    }

    [Fact]
    public void Base64Length_OfAnAbsentMember_IsNull()
    {
        Assert.Null(Body("{}").Base64Length("blob"));
    }
}
