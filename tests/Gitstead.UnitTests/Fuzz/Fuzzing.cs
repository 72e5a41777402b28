using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Gitstead.UnitTests.Fuzz;

/// <summary>
/// Inputs for the parser properties: valid examples mutated the way hostile or broken clients
/// mutate them (flipped, cut, doubled, huge numbers, NULs, lone surrogates, deep nesting), and
/// a fixed budget of runs that <c>GITSTEAD_FUZZ_SCALE</c> multiplies for a longer run on demand.
/// </summary>
internal static class Fuzzing
{
    /// <summary>Fragments that break naive parsers: separators, escapes, numbers out of range, odd Unicode.</summary>
    private static readonly string[] Tokens =
    [
        "\0", "\u0001", "\n", "\r\n", "\t", " ", "  ", "=", "==", "&", ",", ";", ":", "/", "//", "\\", "%", "%2", "%ZZ", "%00", "%ED%A0%80",
        "+", "*", "?", "..", ".", "-", "--", "@{", "~", "^", "[", "]", "{", "}", "\"", "'", "\\u0000", "\\ud800", "\\udc00x", "\\", "\\\"",
        "99999999999999999999", "-1", "-9223372036854775809", "2147483648", "1e308", "1e999", "-0", "0x10", "NaN", "null", "true", "[]", "{}",
        "\uD800", "\uDC00", "\uFFFD", "\uFEFF", "\u202E", "\u0085", "\u2028", "é", "𝔘", "😀", "ǅ", "İ", "ß",
        "AWS4-HMAC-SHA256", "Credential=", "Signature=", "SignedHeaders=", "aws4_request", "X-Amz-Date", "20240102T030405Z", "99991231T235959Z",
        "00000101T000000Z", "0000", "0001", "0002", "0003", "ffff", "fff0", "FFFF", "refs/", "refs/heads/", "-----BEGIN ", "-----END ",
    ];

    /// <summary>The runs of one property: <paramref name="baseRuns"/> times <c>GITSTEAD_FUZZ_SCALE</c> (default 1).</summary>
    public static Config Config(int baseRuns) => FsCheck.Config.QuickThrowOnFailure.WithMaxTest(baseRuns * Scale).WithQuietOnSuccess(true);

    public static int Scale =>
        int.TryParse(Environment.GetEnvironmentVariable("GITSTEAD_FUZZ_SCALE"), NumberStyles.None, CultureInfo.InvariantCulture, out var scale) && scale > 0
            ? scale
            : 1;

    /// <summary>Runs <paramref name="body"/> for <paramref name="baseRuns"/> (scaled) values of <paramref name="gen"/>; a failure prints the value.</summary>
    public static void Check<T>(Gen<T> gen, int baseRuns, Action<T> body) =>
        FsCheck.Check.One(Config(baseRuns), Prop.ForAll(Arb.From(gen), body));

    /// <summary>A seed string mutated one to five times, or an arbitrary string now and then.</summary>
    public static Gen<string> Mutated(params string[] seeds) =>
        Gen.Frequency(
            (8, from seed in Gen.Elements(seeds) from random in Gen.Choose(0, int.MaxValue) select Mutate(seed, new Random(random))),
            (1, ArbMap.Default.ArbFor<string>().Generator.Select(s => s ?? "")),
            (1, Gen.Elements(seeds)));

    /// <summary>Seed bytes mutated one to five times at the byte level, or random bytes now and then.</summary>
    public static Gen<byte[]> MutatedBytes(params byte[][] seeds) =>
        Gen.Frequency(
            (8, from seed in Gen.Elements(seeds) from random in Gen.Choose(0, int.MaxValue) select MutateBytes(seed, new Random(random))),
            (1, ArbMap.Default.ArbFor<byte[]>().Generator.Select(b => b ?? [])),
            (1, Gen.Elements(seeds)));

    public static string Mutate(string seed, Random random)
    {
        var text = new StringBuilder(seed);
        var count = random.Next(1, 6);
        for (var i = 0; i < count; i++)
        {
            MutateOnce(text, random);
        }

        return text.ToString();
    }

    public static byte[] MutateBytes(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var count = random.Next(1, 6);
        for (var i = 0; i < count; i++)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[Math.Min(at, bytes.Count - 1)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[Math.Min(at, bytes.Count - 1)] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.RemoveRange(at, random.Next(bytes.Count - at + 1));
                    break;
                case 3:
                    var length = random.Next(bytes.Count - at + 1);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 4:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
                case 5:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 8)));
                    break;
            }
        }

        return [.. bytes];
    }

    private static void MutateOnce(StringBuilder text, Random random)
    {
        var at = random.Next(text.Length + 1);
        switch (random.Next(9))
        {
            case 0 when text.Length > 0:
                var index = Math.Min(at, text.Length - 1);
                text[index] = (char)(text[index] ^ (1 << random.Next(16)));
                break;
            case 1:
                text.Length = at;
                break;
            case 2:
                text.Remove(at, random.Next(text.Length - at + 1));
                break;
            case 3:
                var length = random.Next(Math.Min(text.Length - at, 200) + 1);
                var part = text.ToString(at, length);
                text.Insert(at, part, random.Next(1, 4));
                break;
            case 4:
                text.Insert(at, Tokens[random.Next(Tokens.Length)]);
                break;
            case 5:
                ReplaceDigits(text, random);
                break;
            case 6:
                var nesting = random.Next(1, 200);
                text.Insert(at, random.Next(2) == 0 ? new string('[', nesting) : string.Concat(Enumerable.Repeat("{\"a\":", nesting)));
                break;
            case 7:
                text.Insert(at, (char)random.Next(0x10000));
                break;
            default:
                text.Insert(at, Tokens[random.Next(Tokens.Length)], random.Next(1, 50));
                break;
        }
    }

    /// <summary>Replaces one run of digits with a huge, negative or empty number.</summary>
    private static void ReplaceDigits(StringBuilder text, Random random)
    {
        var value = text.ToString();
        var start = value.AsSpan().IndexOfAnyInRange('0', '9');
        if (start < 0)
        {
            return;
        }

        var end = start;
        while (end < value.Length && char.IsAsciiDigit(value[end]))
        {
            end++;
        }

        string[] numbers = ["", "0", "-1", "99999999999999999999999999", "2147483648", "9223372036854775808", "1e400", "00000000"];
        text.Remove(start, end - start).Insert(start, numbers[random.Next(numbers.Length)]);
    }
}

/// <summary>Assertions of the fuzz properties: a parser succeeds or fails with the one error type that becomes a 4xx.</summary>
internal static class FuzzAssert
{
    public static void SucceedsOrThrows<TExpected>(Action parse)
        where TExpected : Exception
    {
        try
        {
            parse();
        }
        catch (TExpected)
        {
        }
    }

    public static async Task SucceedsOrThrowsAsync<TExpected>(Func<Task> parse)
        where TExpected : Exception
    {
        try
        {
            await parse();
        }
        catch (TExpected)
        {
        }
    }
}
