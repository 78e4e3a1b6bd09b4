/// A failure of the corpus tools (reading, writing, walking inputs), as a message that the
/// caller prefixes with the path concerned.
public struct CorpusError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
