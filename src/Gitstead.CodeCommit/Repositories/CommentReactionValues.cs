namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// The reactions CodeCommit offers on comments, each as its emoji, short code and code point.
/// PutCommentReaction takes any of the three forms (short codes with or without colons, and
/// code points, in any case); a blank value or <c>none</c> removes the caller's reaction.
/// </summary>
internal static class CommentReactionValues
{
    /// <summary>Every reaction, in the order GetCommentReactions lists them.</summary>
    public static readonly IReadOnlyList<ReactionFormats> All =
    [
        new("\U0001F44D", ":thumbsup:", "U+1F44D"),
        new("\U0001F44E", ":thumbsdown:", "U+1F44E"),
        new("\U0001F604", ":smile:", "U+1F604"),
        new("\U0001F615", ":confused:", "U+1F615"),
        new("\u2764\uFE0F", ":heart:", "U+2764"),
        new("\U0001F389", ":tada:", "U+1F389"),
        new("\U0001F680", ":rocket:", "U+1F680"),
        new("\U0001F440", ":eyes:", "U+1F440"),
    ];

    private static readonly Dictionary<string, ReactionFormats> ByValue = Build();

    /// <summary>The reaction a value names, or null when it names none.</summary>
    public static ReactionFormats? Find(string value) => ByValue.GetValueOrDefault(value.Trim());

    /// <summary>The reaction stored under a short code.</summary>
    public static ReactionFormats OfShortCode(string shortCode) => All.First(r => r.ShortCode == shortCode);

    /// <summary>Position in <see cref="All"/>, for ordering.</summary>
    public static int Order(string shortCode)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i].ShortCode == shortCode)
            {
                return i;
            }
        }

        return All.Count;
    }

    /// <summary>True when the value asks to remove the caller's reaction.</summary>
    public static bool IsNone(string value) => value.Trim().Length == 0 || value.Trim().Equals("none", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, ReactionFormats> Build()
    {
        var map = new Dictionary<string, ReactionFormats>(StringComparer.OrdinalIgnoreCase);
        foreach (var reaction in All)
        {
            map[reaction.Emoji] = reaction;
            map[reaction.Emoji.TrimEnd('\uFE0F')] = reaction;
            map[reaction.ShortCode] = reaction;
            map[reaction.ShortCode.Trim(':')] = reaction;
            map[reaction.Unicode] = reaction;
        }

        map[":+1:"] = map[":thumbsup:"];
        map[":-1:"] = map[":thumbsdown:"];
        map[":hooray:"] = map[":tada:"];
        return map;
    }
}
