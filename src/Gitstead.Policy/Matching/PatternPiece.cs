namespace Gitstead.Policy;

internal enum PieceKind : byte
{
    Literal,
    AnyChar,
    AnySequence,
}

/// <summary>One element of a resolved pattern: literal text, <c>?</c> or <c>*</c>.</summary>
internal readonly record struct PatternPiece(PieceKind Kind, string Text)
{
    public static readonly PatternPiece AnyChar = new(PieceKind.AnyChar, "?");
    public static readonly PatternPiece AnySequence = new(PieceKind.AnySequence, "*");

    public static PatternPiece Literal(string text) => new(PieceKind.Literal, text);
}
