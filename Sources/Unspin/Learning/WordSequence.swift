/// The folded words of a text as vocabulary ids, with where phrases may not span.
///
/// Words and numbers become ids; punctuation, paragraph breaks and invalid bytes between two
/// words set `breakBefore` on the second one, so a learned phrase never straddles a comma,
/// a quote or a sentence end.
public struct WordSequence: Sendable {
    /// Word ids, in text order.
    public var words: [UInt32] = []
    /// `breakBefore[i]` is true when something other than plain spaces separates word i from
    /// word i-1 (always true for the first word).
    public var breakBefore: [Bool] = []

    /// An empty sequence.
    /// - Complexity: O(1).
    public init() {}

    /// Reads the words of `text`, interning them in `vocabulary`.
    /// - Complexity: O(n) in the length of the text.
    public init(_ text: String, vocabulary: inout Vocabulary) {
        var tokens: [Token] = []
        var folded: [UInt8] = []
        withUTF8Bytes(of: text) { bytes in
            Tokenizer.tokenize(bytes, into: &tokens)
            var pendingBreak = true
            for t in tokens {
                switch t.kind {
                case .word, .number:
                    folded.removeAll(keepingCapacity: true)
                    Folding.fold(UnsafeBufferPointer(rebasing: bytes[t.range]), into: &folded)
                    let id = folded.withUnsafeBufferPointer { vocabulary.intern($0) }
                    words.append(id)
                    breakBefore.append(pendingBreak)
                    pendingBreak = false
                case .space:
                    if t.isParagraphBreak { pendingBreak = true }
                case .punctuation, .invalid:
                    pendingBreak = true
                }
            }
        }
    }

    /// The number of words.
    /// - Complexity: O(1).
    public var count: Int { words.count }

    /// Whether words `range` hold no break inside (a break before the first is allowed).
    /// - Complexity: O(length of the range).
    public func isUnbroken(_ range: Range<Int>) -> Bool {
        guard range.count > 1 else { return true }
        for i in (range.lowerBound + 1)..<range.upperBound where breakBefore[i] { return false }
        return true
    }
}
