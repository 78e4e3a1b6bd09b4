/// A dictionary file that could not be read, with where and what.
public struct DictionaryError: Error, CustomStringConvertible, Sendable {
    /// The file name as given.
    public var file: String
    /// 1-based line number, or 0 when the problem is not on one line.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file; self.line = line; self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}
