import Foundation

/// Perplexity of a language model on a text, as KenLM's `query` reports it.
public struct Perplexity: Sendable, Equatable {
    /// Total log10 probability, `</s>` included.
    public var log10Total: Double
    /// Words scored plus one `</s>` per sentence.
    public var tokens: Int
    /// Words outside the vocabulary (scored as `<unk>`).
    public var oovs: Int
    /// log10 probability of the OOV words alone.
    public var oovLog10: Double
    /// Sentences scored.
    public var sentences: Int

    /// 10^(-total / tokens).
    /// - Complexity: O(1).
    public var perplexity: Double { pow(10, -log10Total / Double(max(tokens, 1))) }

    /// The same without the OOV words and their scores.
    /// - Complexity: O(1).
    public var perplexityExcludingOOVs: Double {
        pow(10, -(log10Total - oovLog10) / Double(max(tokens - oovs, 1)))
    }

    /// Scores every sentence of `text` (`</s>` included; OOVs as `<unk>`).
    /// - Complexity: O(length of the text × order).
    public static func measure(_ model: any LanguageModel, text: UnsafeBufferPointer<UInt8>, tokenized: Bool) -> Perplexity {
        var r = Perplexity(log10Total: 0, tokens: 0, oovs: 0, oovLog10: 0, sentences: 0)
        LMSentenceSplitter(tokenized: tokenized).forEachSentence(text) { words in
            var state = model.beginSentenceState()
            var next = LMState()
            for w in words {
                let id = model.index(of: w)
                let s = Double(model.score(state, id, next: &next))
                r.log10Total += s
                if id == model.unknownWord { r.oovs += 1; r.oovLog10 += s }
                state = next
            }
            r.log10Total += Double(model.score(state, model.endSentenceWord, next: &next))
            r.tokens += words.count + 1
            r.sentences += 1
        }
        return r
    }
}
