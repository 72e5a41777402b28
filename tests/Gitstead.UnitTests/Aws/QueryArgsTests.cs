using Gitstead.Aws;
using Xunit;

namespace Gitstead.UnitTests.Aws;

public sealed class QueryArgsTests
{
    [Fact]
    public void Structures_MembersInAnyOrder_ComeBackByIndexUpToTheFirstGap()
    {
        // Arrange
        var args = new QueryArgs(new Dictionary<string, string>
        {
            ["Tags.member.2.Key"] = "b",
            ["Tags.member.10.Key"] = "j",
            ["Tags.member.1.Value"] = "1",
            ["Tags.member.1.Key"] = "a",
            ["Tags.member.2.Value"] = "2",
            ["Tags.member.4.Key"] = "after a gap",
            ["Tags.member.x.Key"] = "not an index",
            ["TagsOther.member.1.Key"] = "another list",
        });

        // Act
        var members = args.Structures("Tags");

        // Assert
        Assert.Equal([("a", "1"), ("b", "2")], members.Select(m => (m.Get("Key"), m.Get("Value"))));
    }

    [Fact]
    public void Structures_SixteenThousandMembers_AreAllRead()
    {
        // Arrange
        var values = new Dictionary<string, string>();
        for (var i = 1; i <= 16_000; i++)
        {
            values[$"Tags.member.{i}.Key"] = $"k{i}";
            values[$"Tags.member.{i}.Value"] = $"v{i}";
        }

        // Act
        var members = new QueryArgs(values).Structures("Tags");

        // Assert
        Assert.Equal(16_000, members.Count);
        Assert.Equal("k16000", members[^1].Get("Key"));
    }
}
