using System.Text;
using System.Text.Json;

namespace Gitstead.Policy;

/// <summary>Finds where each statement object starts and ends in the policy text.</summary>
internal static class StatementLocator
{
    public static StatementSpan[] Locate(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        var offsets = FindStatementOffsets(utf8);
        var positions = new TextPositionCounter(utf8);
        return [.. offsets.Select(range => new StatementSpan(positions.MoveTo(range.Start), positions.MoveTo(range.End)))];
    }

    private static List<(int Start, int End)> FindStatementOffsets(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        var offsets = new List<(int Start, int End)>();
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isStatement = reader.ValueTextEquals("Statement"u8);
            reader.Read();
            if (isStatement)
            {
                ReadStatementValue(ref reader, offsets);
            }
            else
            {
                reader.Skip();
            }
        }

        return offsets;
    }

    private static void ReadStatementValue(ref Utf8JsonReader reader, List<(int Start, int End)> offsets)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            offsets.Add(SkipObject(ref reader));
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            offsets.Add(SkipObject(ref reader));
        }
    }

    private static (int Start, int End) SkipObject(ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return (start, (int)reader.TokenStartIndex + 1);
    }

    /// <summary>Turns increasing UTF-8 offsets into line/column positions in one forward pass.</summary>
    private sealed class TextPositionCounter(byte[] utf8)
    {
        private int _offset;
        private int _line = 1;
        private int _column = 1;

        public PolicyTextPosition MoveTo(int offset)
        {
            for (; _offset < offset; _offset++)
            {
                Advance(utf8[_offset]);
            }

            return new PolicyTextPosition(_line, _column);
        }

        private void Advance(byte value)
        {
            if (value == (byte)'\n')
            {
                _line++;
                _column = 1;
            }
            else if ((value & 0xC0) != 0x80)
            {
                _column++;
            }
        }
    }
}
