/// What a token is. Every input byte belongs to exactly one token.
public enum TokenKind: UInt8, Sendable {
    /// Letters and digits of any script, with inner apostrophes (' ’) and hyphens.
    case word
    /// Digits, with inner `.` or `,` between digits ("3.5", "10,000").
    case number
    /// One punctuation, symbol or emoji scalar.
    case punctuation
    /// A run of whitespace (spaces, tabs, CR, LF, other Unicode spaces).
    case space
    /// One byte that does not start a well-formed UTF-8 sequence.
    case invalid
}

/// A token: a byte range of the input and its kind.
public struct Token: Sendable, Equatable {
    /// Offset of the first byte in the input.
    public var start: Int
    /// Length in bytes.
    public var length: Int32
    public var kind: TokenKind
    /// For `.space` tokens, the number of line feeds in the run (capped at 255); 0 otherwise.
    public var newlines: UInt8

    @inlinable
    public init(start: Int, length: Int32, kind: TokenKind, newlines: UInt8 = 0) {
        self.start = start; self.length = length; self.kind = kind; self.newlines = newlines
    }

    /// Offset one past the last byte.
    @inlinable public var end: Int { start + Int(length) }
    /// The byte range in the input.
    @inlinable public var range: Range<Int> { start..<end }
    /// Whether this whitespace separates paragraphs (holds a blank line).
    @inlinable public var isParagraphBreak: Bool { kind == .space && newlines >= 2 }
}
