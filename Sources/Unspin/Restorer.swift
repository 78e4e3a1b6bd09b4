import Foundation

/// One change the restorer made.
public struct Edit: Sendable, Equatable {
    /// Byte offsets of the spun phrase in the input.
    public var range: Range<Int>
    /// The spun phrase as it stood in the input.
    public var spun: String
    /// What was written in its place (in the spun phrase's case).
    public var replacement: String
    /// How much better (log10) the chosen reading of the span around this edit scored than
    /// keeping the spun text there.
    public var margin: Double
    /// The table the candidate came from.
    public var table: String
    /// The posterior (0-1) of this reading among the readings of the span (see
    /// `alternatives`); nil unless `RestorerOptions.explainsEdits` or `minimumConfidence`.
    public var confidence: Double? = nil
    /// The readings the decoder weighed for the span, best first, the replacement and the
    /// spun text among them (at most 8; their confidences sum to at most 1).
    public var alternatives: [Alternative] = []

    /// One reading of an edit's span.
    public struct Alternative: Sendable, Equatable {
        /// The reading, in the spun phrase's case.
        public var text: String
        /// Its posterior among the span's readings (softmax of their log10 scores in context).
        public var confidence: Double
        /// The table it came from; nil for the spun text kept as it stands.
        public var table: String?

        public init(text: String, confidence: Double, table: String?) {
            self.text = text; self.confidence = confidence; self.table = table
        }
    }

    public init(range: Range<Int>, spun: String, replacement: String, margin: Double, table: String) {
        self.range = range; self.spun = spun; self.replacement = replacement; self.margin = margin; self.table = table
    }
}

/// The result of restoring a text: the restored bytes and the edits, in input order.
public struct Restoration: Sendable {
    /// The restored text. Bytes outside the edits are the input's, byte for byte.
    public var bytes: [UInt8]
    public var edits: [Edit]
    /// log10 odds that the input is spun text rather than text as written: the prior plus
    /// what the decoder saw. With `RestorerOptions.documentGate`, no edit is made when ≤ 0.
    public var spunLogOdds: Double = 0
    /// Words (and numbers) of the input.
    public var words: Int = 0
    /// What the neighbour check found, when the restorer has a neighbour table
    /// (`RestorerOptions.neighbours`).
    public var neighbours: NeighbourCounts? = nil
    /// log10 odds that the input is spun by any spinner (`RestorerOptions.anySpinner`), when
    /// the restorer makes that decision; the input was restored with the open candidates
    /// (`Restorer.open`) when they are > 0.
    public var anySpinnerLogOdds: Double? = nil
    /// The probability that the input is spun (from `spunLogOdds`).
    public var spinProbability: Double { probability(logOdds: spunLogOdds) }
    /// The restored text as a string (invalid UTF-8 is repaired here; use `bytes` to keep it).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Settings of the noisy-channel decoder.
public struct RestorerOptions: Sendable {
    /// Weight of the channel score against the language model score (1.5; `phraseList`: 1).
    public var channelWeight: Float = 1.5
    /// A cost (log10) every change pays: how much more likely the changed reading must be.
    /// This is the cost in a text spun throughout; see `sparsePenalty` for the others.
    public var changePenalty: Float = 0.2
    /// P(spun | original) for table entries that give no weight.
    public var defaultWeight: Double = 0.1
    /// P(a spun word stays as is) for words without an identity line.
    public var defaultKeep: Double = 0.5
    /// A factor on each named table's probabilities; 0 switches the table off.
    public var tableWeights: [String: Double] = [:]
    /// Decide per input whether it is spun at all, and leave text that is not untouched.
    public var documentGate = true
    /// log10 prior odds that an input is spun (0: even odds).
    public var spunPriorLogOdds: Float = 0
    /// Hypotheses scoring more than this (log10) below the best one at the same word are
    /// not extended. Infinity searches exhaustively; the default changed no output on the
    /// evaluation texts.
    public var beamWidth: Float = 3
    /// An edit is made only when its candidate beats every other candidate for the same
    /// spun phrase by more than this (log10) in context (1.5); 0 turns the check off.
    public var ambiguityMargin: Float = 1.5
    /// Added to `changePenalty` for a text in which the first pass changed less than
    /// `denseShare` of the words: it is decoded again with the higher penalty. 0: one pass.
    public var sparsePenalty: Float = 0.8
    /// The share of changed words from which a text counts as spun throughout.
    public var denseShare: Float = 0.16
    /// Give every table of the default data whose factor is below 1 (a factor that keeps
    /// running text safe) the factor 1; a factor of 0 or above 1 stays (`DefaultData`).
    public var fullTableWeights = false
    /// How evidence becomes the odds that an input is spun (`SpinCalibration`); nil: the
    /// default data's calibration when the restorer is built from it, else the identity.
    public var calibration: SpinCalibration? = nil
    /// Thesaurus neighbours for the spinner-agnostic evidence (`NeighbourCounts`, weighed by
    /// the calibration's neighbour terms); nil: not checked (restore's default).
    public var neighbours: NeighbourTable? = nil
    /// The spinner-agnostic decision: how the evidence and the neighbour counts (which need
    /// `neighbours`) become the odds that an input is spun by any spinner (`unspin detect`'s
    /// calibration). An input it judges spun is restored by `Restorer.open`, the restorer with
    /// the open (thesaurus) candidates. nil: no such decision.
    public var anySpinner: SpinCalibration? = nil
    /// With `anySpinner`: also restore with the open candidates an input that the known-spinner
    /// decision (`calibration`) already judges spun; false: such an input is restored with the
    /// tables alone.
    public var openKnownSpins = false
    /// With `anySpinner`: the log10 odds above which the spinner-agnostic decision judges an
    /// input spun for the open candidates (2: 99 to 1). Restoring with them costs precision,
    /// so it takes stronger evidence than detect's even odds: held-out spins of both spinners
    /// open as at 0 (59–60 of 60) while clean Common Voice sentences open 12 times in 734
    /// instead of 111 (scripts/eval-suite.py; docs/restore.md).
    public var anySpinnerThreshold: Float = 2
    /// With `anySpinner`: the channel weight of the restorer with the open candidates (1; nil:
    /// `channelWeight`). The decision's evidence keeps `channelWeight`. A thesaurus's
    /// candidates are many and each has a small channel probability: at 1.5, WordNet-spun
    /// held-out text ER 0.397 P 0.880 and Moby 0.033 / 0.593; at 1, 0.442 / 0.872 and 0.068 / 0.654.
    public var openChannelWeight: Float? = 1
    /// Whether `Restorer.loadDefault` (and `load(tables:model:options:)` with `openTables`)
    /// builds the open candidates and the spinner-agnostic decision, from the default data's
    /// open tables, neighbour table and detect calibration (`unspin restore --any-spinner`).
    public var openCandidates = false
    /// The open tables in place of the default data's (nil: the default data's).
    public var openTables: [(path: String, weight: Double)]? = nil
    /// Whether the restorer's own dictionary from the default data (`Restorer.loadDefault`)
    /// holds the open tables too, so that every input gets the open candidates (`phraseList`
    /// sets it: a list of phrases known to be spun has no clean words around them to protect).
    public var includesOpenTables = false
    /// Give each edit its confidence and the readings weighed for its span (`Edit.alternatives`).
    public var explainsEdits = false
    /// Make only edits whose confidence is at least this (0: every edit; implies confidences).
    public var minimumConfidence: Double = 0

    public init() {}

    /// Settings for a list of phrases, one a line, each known to be spun (a screener's list of
    /// suspect phrases): there are no unspun words around a phrase to protect, so every line
    /// is restored (no per-input decision), in one pass, with no change penalty, the best
    /// candidate even when another comes close, the tables at full weight but the news
    /// spinner's (`news-spins`) at 0.3, the open (thesaurus) tables as well, and channel weight
    /// 1 (the setting the phrase lists were measured with). Such lists are of tortured phrases,
    /// scientific terms, where the news spinner's word-for-word readings compete with the
    /// terms: at 1, "huge information" came back "big news", not "big data"; at 0.3 the
    /// held-out tortured phrases are restored as often (321 of 922) and 6 fewer are changed
    /// wrongly. The open tables hold the thesaurus synonyms the tortured list does not: 321 →
    /// 364 of 922 restored exactly (seed 7: 315 → 358). Use them with
    /// `Restorer.restoreLines(bytes:)`.
    public static var phraseList: RestorerOptions {
        var o = RestorerOptions()
        o.channelWeight = 1
        o.documentGate = false
        o.sparsePenalty = 0
        o.ambiguityMargin = 0
        o.changePenalty = 0
        o.fullTableWeights = true
        o.tableWeights = ["news-spins": 0.3]
        o.includesOpenTables = true
        return o
    }
}

/// Restores spun text. Built once (loading is the expensive part); immutable and safe to
/// share across threads.
///
///     let restorer = try Restorer.loadDefault()
///     let result = restorer.restore("He mentioned the struggle in Ukraine.")
///     print(result.text)            // He mentioned the war in Ukraine.
public final class Restorer: Sendable {
    public let dictionary: PhraseDictionary
    public let model: any LanguageModel
    public let options: RestorerOptions
    /// Language-model ids of each candidate's tokens, flat; candidate `c`'s are
    /// `dictionary.candidateToken[c]..<[c+1]`.
    let candidateTokens: [UInt32]
    /// Per dictionary word: weighted log10 P(keep), 0 for words that are not spun phrases.
    let keepCost: [Float]
    /// Per candidate: weighted channel score minus the change penalty.
    let candidateCost: [Float]
    /// Language-model id of each one-byte ASCII token (saves a hash per punctuation mark).
    let asciiModelID: [UInt32]
    /// Both vocabularies in one table, for the matcher's lookups.
    let words: WordTable
    /// Decoders between calls, with their scratch buffers: a call takes one (or makes one) and
    /// puts it back, so that restoring many small inputs (JSON Lines records, pieces of a
    /// batch) does not build a decoder and grow its buffers each time.
    let decoders = DecoderPool()
    /// `options.neighbours` in the model's ids.
    let neighbours: NeighbourIndex?
    /// The restorer for inputs that the spinner-agnostic decision (`RestorerOptions.anySpinner`)
    /// judges spun: the same model, a dictionary with the open (thesaurus) candidates besides
    /// the tables, every input restored (no decision of its own).
    public let open: Restorer?

    /// Builds a restorer over a compiled dictionary and a language model; `open`, when given,
    /// restores the inputs that `options.anySpinner` judges spun.
    /// - Complexity: O(size of the dictionary).
    public init(dictionary: PhraseDictionary, model: any LanguageModel, options: RestorerOptions = .init(),
                open: Restorer? = nil) {
        self.dictionary = dictionary
        self.model = model
        self.options = options
        self.open = open
        var costs: [Float] = []
        costs.reserveCapacity(dictionary.candidateCount)
        for c in 0..<dictionary.candidateCount {
            costs.append(options.channelWeight * dictionary.logChannel[c] - options.changePenalty)
        }
        candidateTokens = dictionary.mapTokens { model.index(of: $0) }
        candidateCost = costs
        keepCost = dictionary.keepLogProbability.map { $0.isNaN ? 0 : options.channelWeight * $0 }
        asciiModelID = (0..<128).map { b -> UInt32 in
            var byte = Folding.lowerASCII(UInt8(b))
            return withUnsafePointer(to: &byte) { model.index(of: UnsafeBufferPointer(start: $0, count: 1)) }
        }
        // The model id of each dictionary vocabulary word, for the word table.
        let vocabulary = dictionary.vocabulary
        let wordModelID = vocabulary.pool.withUnsafeBufferPointer { pool in
            (0..<vocabulary.count).map { i in
                model.index(of: UnsafeBufferPointer(rebasing: pool[vocabulary.offsets[i]..<vocabulary.offsets[i + 1]]))
            }
        }
        words = WordTable(dictionary: dictionary, wordModelID: wordModelID, model: model)
        neighbours = options.neighbours.map { NeighbourIndex($0, model: model) }
    }

    /// Restores a string.
    public func restore(_ text: String) -> Restoration {
        withUTF8Bytes(of: text) { restore(bytes: $0) }
    }

    /// Restores UTF-8 bytes (invalid sequences pass through untouched).
    /// - Complexity: O(n) in the input, with language-model work only near candidates.
    public func restore(bytes: UnsafeBufferPointer<UInt8>) -> Restoration {
        // The concrete model type lets the compiler specialise the decoder (no generic
        // dispatch per query on the hot path).
        let result: Restoration
        if let m = model as? NGramModel {
            let box = decoders.take() ?? DecoderPool.Box(Decoder(restorer: self, model: m))
            defer { decoders.put(box, after: bytes.count) }
            result = box.decoder.run(bytes)
        } else {
            func run<LM: LanguageModel>(_ lm: LM) -> Restoration {
                var decoder = Decoder(restorer: self, model: lm)
                return decoder.run(bytes)
            }
            result = run(model)
        }
        return restoreOpen(bytes, after: result) ?? result
    }

    /// The input restored with the open candidates, when the spinner-agnostic decision judges
    /// it spun (and, with the document gate, the known-spinner decision does not, unless
    /// `openKnownSpins`; without it every input is restored, and those judged spun by any
    /// spinner with the open candidates: `detect --json --any-spinner`'s phrases); nil otherwise.
    /// - Complexity: O(n), a second restore of the input.
    func restoreOpen(_ bytes: UnsafeBufferPointer<UInt8>, after first: Restoration) -> Restoration? {
        guard let open, let any = first.anySpinnerLogOdds, any > Double(options.anySpinnerThreshold),
              !options.documentGate || options.openKnownSpins || first.spunLogOdds <= 0 else { return nil }
        var result = open.restore(bytes: bytes)
        result.spunLogOdds = max(first.spunLogOdds, any)
        result.anySpinnerLogOdds = any
        result.neighbours = first.neighbours
        return result
    }

    /// Restores UTF-8 bytes.
    public func restore(bytes: [UInt8]) -> Restoration {
        bytes.withUnsafeBufferPointer { restore(bytes: $0) }
    }
}
