/// Why a language-model file could not be read or written, with where and a likely cause.
public struct LMError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file concerned (empty when built in memory).
    public var file: String
    /// 1-based line number for text formats, 0 when not applicable.
    public var line: Int
    /// Byte offset in the file, or -1 when not applicable.
    public var offset: Int
    /// What is wrong, and when possible what the mistake probably was.
    public var message: String

    /// Makes an error about `file`, optionally at a line and byte offset.
    /// - Complexity: O(1).
    public init(file: String, line: Int = 0, offset: Int = -1, _ message: String) {
        self.file = file; self.line = line; self.offset = offset; self.message = message
    }

    /// `file:line: (byte N) message`, leaving out the parts that are unknown.
    /// - Complexity: O(length of the message).
    public var description: String {
        var s = file.isEmpty ? "language model" : file
        if line > 0 { s += ":\(line)" }
        if offset >= 0 { s += line > 0 ? " (byte \(offset))" : ": byte \(offset)" }
        return s + ": " + message
    }
}
