@testable import Unspin

/// A hand-written bigram back-off model for decoder tests: the test states every
/// probability, so the expected decisions can be checked by hand.
struct BigramTestModel: LanguageModel {
    var vocabulary = Vocabulary()
    var unigram: [UInt32: (Float, Float)] = [:]       // word -> (log10 p, log10 backoff)
    var bigram: [UInt64: Float] = [:]
    let order = 2
    let unknownWord: UInt32 = 0
    let endSentenceWord: UInt32 = 1
    let beginWord: UInt32 = 2

    /// `unigrams`: word → log10 p (backoff −0.5 for all); `bigrams`: "a b" → log10 p.
    init(unigrams: [String: Float], bigrams: [String: Float], unknown: Float = -6) {
        vocabulary.intern("<unk>"); vocabulary.intern("</s>"); vocabulary.intern("<s>")
        unigram[0] = (unknown, 0)
        unigram[1] = (-1, 0)
        unigram[2] = (-99, -0.5)
        for (w, p) in unigrams { unigram[vocabulary.intern(w)] = (p, -0.5) }
        for (pair, p) in bigrams {
            let ws = pair.split(separator: " ").map(String.init)
            let a = vocabulary.intern(ws[0]), b = vocabulary.intern(ws[1])
            if unigram[a] == nil { unigram[a] = (unknown, -0.5) }
            if unigram[b] == nil { unigram[b] = (unknown, -0.5) }
            bigram[UInt64(a) << 32 | UInt64(b)] = p
        }
    }

    func index(of word: UnsafeBufferPointer<UInt8>) -> UInt32 { vocabulary.id(of: word) ?? 0 }
    func beginSentenceState() -> LMState { var s = LMState(); s.length = 1; s.w0 = beginWord; return s }
    func nullContextState() -> LMState { LMState() }

    func score(_ state: LMState, _ word: UInt32, next: inout LMState) -> Float {
        next = LMState(); next.length = 1; next.w0 = word
        if state.length > 0 {
            if let p = bigram[UInt64(state.w0) << 32 | UInt64(word)] { return p }
            return (unigram[state.w0]?.1 ?? 0) + (unigram[word]?.0 ?? -6)
        }
        return unigram[word]?.0 ?? -6
    }
}
