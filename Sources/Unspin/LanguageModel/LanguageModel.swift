/// The context an n-gram model carries from one word to the next (KenLM's `State`).
///
/// Holds up to four values that identify the preceding context, most recent first, so it
/// serves models of order up to 5. `w0` is the last word's id; what `w1...w3` hold is the
/// model's business (`NGramModel` keeps identifiers of the longer contexts there). Two
/// states that are equal predict every next word identically, which lets the decoder
/// recombine hypotheses.
public struct LMState: Hashable, Sendable {
    /// How many of `w0...w3` are in use.
    public var length: UInt8
    public var w0: UInt32, w1: UInt32, w2: UInt32, w3: UInt32

    @inlinable
    public init() { length = 0; w0 = 0; w1 = 0; w2 = 0; w3 = 0 }

    /// The `i`-th context value (0 is the last word).
    @inlinable
    public subscript(i: Int) -> UInt32 {
        get {
            switch i { case 0: return w0; case 1: return w1; case 2: return w2; default: return w3 }
        }
        set {
            switch i { case 0: w0 = newValue; case 1: w1 = newValue; case 2: w2 = newValue; default: w3 = newValue }
        }
    }
}

/// A back-off n-gram language model queried word by word, KenLM style.
///
/// Words are case-folded byte strings (see `Folding`); the model maps them to its own ids
/// once, and queries carry an `LMState`. Scores are log10 probabilities.
public protocol LanguageModel: Sendable {
    /// The longest n-gram order (2...5).
    var order: Int { get }
    /// The id of `<unk>`; `index(of:)` returns it for words outside the vocabulary.
    var unknownWord: UInt32 { get }
    /// The id of `</s>`.
    var endSentenceWord: UInt32 { get }
    /// The id of a folded word, or `unknownWord`.
    func index(of word: UnsafeBufferPointer<UInt8>) -> UInt32
    /// The state at the start of a sentence (context `<s>`).
    func beginSentenceState() -> LMState
    /// The state with no context at all.
    func nullContextState() -> LMState
    /// log10 P(word | state), and the state after `word`.
    /// - Complexity: O(order) hash probes.
    func score(_ state: LMState, _ word: UInt32, next: inout LMState) -> Float
    /// Starts loading the memory that a query of `word` right after the word `previous` reads
    /// first, so that the query, made a little later, does not wait for it (a prefetch: the
    /// caller never waits for the memory either).
    /// - Complexity: O(1), one prefetch.
    func warm(_ previous: UInt32, _ word: UInt32)
}

extension LanguageModel {
    /// Nothing to warm by default.
    public func warm(_ previous: UInt32, _ word: UInt32) {}

    /// The id of a folded word given as a string.
    public func index(of word: String) -> UInt32 {
        withUTF8Bytes(of: word) { index(of: $0) }
    }

    /// Total log10 probability of a sentence of folded words, with `<s>` and `</s>`.
    public func sentenceScore(_ words: [String], endOfSentence: Bool = true) -> Float {
        var state = beginSentenceState()
        var next = LMState()
        var total: Float = 0
        for w in words {
            total += score(state, index(of: w), next: &next)
            state = next
        }
        if endOfSentence { total += score(state, endSentenceWord, next: &next) }
        return total
    }
}
