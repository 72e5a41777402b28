using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Gitstead.Iam.Common;
using Xunit;

namespace Gitstead.UnitTests.Model;

/// <summary>
/// The lengths, patterns and enums the IAM and STS handlers check their Query parameters with
/// are typed by hand at each call (<c>q.RequiredString("UserName", 1, 64, IamPatterns.UserName)</c>);
/// this reads every such call in src/Gitstead.Iam and compares it with the botocore model, so a
/// call added later is checked too. A call inside a handler (the method after its
/// <c>// https://docs.aws.amazon.com/IAM/latest/APIReference/API_Op.html</c> link) must match
/// that operation's member; a call in a shared helper must match the member in some operation;
/// a call whose member name is a variable must match some shape of the model. A call the test
/// cannot read (split over lines, computed bounds) fails it rather than going unchecked.
/// </summary>
public sealed partial class IamInputConstraintTests
{
    private const string Bound = @"\d[\d_]*|int\.MaxValue|\w+\.\w+";

    private static readonly Assembly s_iam = typeof(IamPatterns).Assembly;

    [Fact]
    public void QueryParameters_CheckedInGitsteadIam_HaveTheModelsLengthsPatternsAndEnums()
    {
        // Arrange
        var unread = new List<SourceLine>();
        var constraints = ReadConstraints(unread).ToList();

        // Act
        var mismatches = constraints.Select(Mismatch).OfType<string>().ToList();

        // Assert: the reading found handlers, helpers and variable names, then every call fits.
        Assert.Contains(constraints, c => c is { Operation: "CreateUser", Member: "PermissionsBoundary" });
        Assert.Contains(constraints, c => c is { Operation: null, Member: "UserName" });
        Assert.Contains(constraints, c => c is { Operation: null, Member: "AccessKeyId" });
        Assert.Contains(constraints, c => c is { Member: null, Pattern: @"[\w]+" });
        Assert.Contains(constraints, c => c is { Operation: "GetSSHPublicKey", Member: "Encoding", Enum: not null });
        Assert.True(unread.Count == 0, $"calls this test cannot read (write them on one line with literal or Type.Field bounds): {string.Join(", ", unread)}");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {constraints.Count} checks differ from the model:\n{string.Join('\n', mismatches)}");
    }

    /// <summary>One hand-typed check: the operation is known inside a handler, the member when it is a literal.</summary>
    private sealed record Constraint(
        SourceLine Line, string Service, string? Operation, string? Member, long? Min, long? Max, string? Pattern, IReadOnlyList<string>? Enum)
    {
        public override string ToString() =>
            Enum is not null ? $"enum [{string.Join(", ", Enum)}]" : $"{Min}..{Max}{(Pattern is null ? "" : " " + Pattern)}";
    }

    [GeneratedRegex(@"//\s*https://docs\.aws\.amazon\.com/(?<service>IAM|STS)/latest/APIReference/API_(?<operation>\w+)\.html")]
    private static partial Regex Link();

    [GeneratedRegex(@"\.(?:RequiredString|String|Int)\(\s*(?<name>""\w+""|\w+),\s*(?<min>" + Bound + @"),\s*(?<max>" + Bound + @")(?:,\s*(?<pattern>[\w.]+(?:\(\))?))?\)")]
    private static partial Regex Bounded();

    /// <summary>UserTags' check of each tag key and value (the member name is built at run time).</summary>
    [GeneratedRegex(@"\bChecked\(.*?,\s*(?<min>\d+),\s*(?<max>\d+),\s*(?<pattern>[\w.]+)\)")]
    private static partial Regex TagCheck();

    [GeneratedRegex(@"\.Enum\(\s*(?<name>""\w+"")(?<values>(?:,\s*""\w+"")+)\)")]
    private static partial Regex Enumerated();

    [GeneratedRegex(@"\.(?:RequiredString|String|Int|Enum)\(")]
    private static partial Regex AnyCheck();

    /// <summary>The checks of src/Gitstead.Iam; a line that calls a check the patterns do not read goes to <paramref name="unread"/>.</summary>
    private static IEnumerable<Constraint> ReadConstraints(List<SourceLine> unread)
    {
        (string Service, string Operation)? handler = null;
        foreach (var line in SourceTree.Lines(Path.Combine("src", "Gitstead.Iam")))
        {
            if (Link().Match(line.Text) is { Success: true } link)
            {
                handler = (link.Groups["service"].Value.ToLowerInvariant(), link.Groups["operation"].Value);
                continue;
            }

            if (line.Text == "    }")
            {
                handler = null;
            }

            var service = handler?.Service ?? (line.File.Contains($"{Path.DirectorySeparatorChar}Sts{Path.DirectorySeparatorChar}") ? "sts" : "iam");
            foreach (Match m in Bounded().Matches(line.Text))
            {
                yield return new Constraint(line, service, handler?.Operation, Literal(m.Groups["name"].Value),
                    Number(m.Groups["min"].Value), Number(m.Groups["max"].Value), PatternText(m.Groups["pattern"]), null);
            }

            foreach (Match m in TagCheck().Matches(line.Text))
            {
                yield return new Constraint(line, service, null, null,
                    Number(m.Groups["min"].Value), Number(m.Groups["max"].Value), PatternText(m.Groups["pattern"]), null);
            }

            foreach (Match m in Enumerated().Matches(line.Text))
            {
                var values = m.Groups["values"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                yield return new Constraint(line, service, handler?.Operation, Literal(m.Groups["name"].Value),
                    null, null, null, values.Select(v => v.Trim('"')).ToArray());
            }

            if (AnyCheck().Matches(line.Text).Count > Bounded().Matches(line.Text).Count + Enumerated().Matches(line.Text).Count)
            {
                unread.Add(line);
            }
        }
    }

    /// <summary>Null when the call fits the model, else what differs.</summary>
    private static string? Mismatch(Constraint c)
    {
        var model = BotocoreModel.Load(c.Service);
        if (c.Operation is not null && c.Member is not null)
        {
            if (model.InputMemberShape(c.Operation, c.Member) is not { } name)
            {
                return $"{c.Line}: {c.Operation} has no input member {c.Member} in {c.Service}";
            }

            var shape = model.Shape(name);
            return Fits(shape, c) ? null : $"{c.Line}: {c.Operation}.{c.Member} checks {c}; the model's {name} is {Describe(shape)}";
        }

        if (c.Member is null)
        {
            return model.ShapeNames.Select(model.Shape).Any(s => Fits(s, c))
                ? null
                : $"{c.Line}: checks {c}; no shape of {c.Service} has that";
        }

        var shapes = model.OperationNames.Select(op => model.InputMemberShape(op, c.Member)).OfType<string>().Distinct().Select(model.Shape).ToList();
        return shapes.Any(s => Fits(s, c))
            ? null
            : $"{c.Line}: {c.Member} checks {c}; no operation of {c.Service} has a {c.Member} with that ({string.Join("; ", shapes.Select(s => $"{s.Name} {Describe(s)}"))})";
    }

    /// <summary>Absent bounds are the widest: QueryArgs takes 0 and int.MaxValue for "none".</summary>
    private static bool Fits(ModelShape shape, Constraint c) =>
        c.Enum is not null
            ? shape.Enum is not null && shape.Enum.SequenceEqual(c.Enum)
            : (shape.Min ?? 0) == c.Min && (shape.Max ?? int.MaxValue) == c.Max && (c.Pattern is null || c.Pattern == shape.Pattern);

    private static string Describe(ModelShape s) =>
        s.Enum is not null ? $"enum [{string.Join(", ", s.Enum)}]" : $"{s.Min}..{s.Max}{(s.Pattern is null ? "" : " " + s.Pattern)}";

    private static string? Literal(string name) => name.StartsWith('"') ? name.Trim('"') : null;

    private static long Number(string text) => text switch
    {
        "int.MaxValue" => int.MaxValue,
        _ when char.IsAsciiDigit(text[0]) => long.Parse(text.Replace("_", ""), CultureInfo.InvariantCulture),
        _ => Convert.ToInt64(StaticValue(text), CultureInfo.InvariantCulture),
    };

    /// <summary>The model text of a <see cref="ModelPattern"/> argument; null for a regex that is not one (its text is .NET's, not the model's).</summary>
    private static string? PatternText(Group pattern)
    {
        if (!pattern.Success || pattern.Value.EndsWith("()", StringComparison.Ordinal))
        {
            return null;
        }

        return StaticValue(pattern.Value) is ModelPattern model ? model.ToString() : null;
    }

    /// <summary><c>Type.Field</c>, or a field name unique among Gitstead.Iam's types.</summary>
    private static object? StaticValue(string reference)
    {
        var dot = reference.LastIndexOf('.');
        var (typeName, fieldName) = dot < 0 ? (null, reference) : (reference[..dot], reference[(dot + 1)..]);
        var fields = s_iam.GetTypes()
            .Where(t => typeName is null || t.Name == typeName)
            .Select(t => t.GetField(fieldName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .OfType<FieldInfo>()
            .ToList();
        return fields.Count == 1
            ? fields[0].GetValue(null)
            : throw new InvalidOperationException($"'{reference}' names {fields.Count} static fields of Gitstead.Iam; the test needs exactly one");
    }
}
