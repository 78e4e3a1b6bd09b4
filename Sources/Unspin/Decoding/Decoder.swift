import Foundation

/// Noisy-channel Viterbi decoding of one input: tokenize, match, decode islands of
/// candidates sentence by sentence, write the restored bytes.
///
/// A sentence holds units (non-space tokens). Matches closer than `order - 1` units merge
/// into an island; outside islands every path reads the same words, so the language model
/// is only queried inside an island and `order - 1` units around it.
struct Decoder<LM: LanguageModel> {
    /// Unowned: a restorer keeps its idle decoders (`DecoderPool`), and a decoder never outlives
    /// its restorer (a pooled one dies with it, any other with the call that made it).
    unowned let restorer: Restorer
    let model: LM
    let dictionary: PhraseDictionary
    let context: Int

    // Per-input scratch.
    var matcher: Matcher
    var unitLM: [UInt32] = []            // language-model id of each unit
    var fold: [UInt8] = []
    var matches: [PhraseMatch] = []
    var chosen: [(start: Int, end: Int, candidate: Int, node: Int32, margin: Float)] = []
    /// The islands that chose edits, for the ambiguity check once the text is judged spun.
    var islands: [IslandRecord] = []
    // Scratch of the ambiguity check.
    var keepEdit: [Bool] = []
    var path: [UInt32] = []
    var spans: [(from: Int32, to: Int32)] = []
    /// Per chosen edit, its confidence and where its alternatives lie (`scoreAlternatives`);
    /// filled only when the options ask for confidences.
    var editConfidence: [Float] = []
    var alternativeStart: [Int32] = []
    var alternatives: [(candidate: Int32, confidence: Float)] = []

    /// Where an island's edits lie in `chosen`, and what its language-model context was.
    struct IslandRecord {
        var left: Int32, start: Int32, end: Int32
        var fromSentenceStart: Bool, endsSentence: Bool
        var firstEdit: Int32, endEdit: Int32
    }
    /// Σ over islands of (best score − score of keeping the words with no keep costs):
    /// log10 of how much better the text is explained as spun than as written.
    var evidence: Float = 0
    /// The line of each unit, and per line its evidence and its words (and numbers): the
    /// paragraphs of the spun-or-not decision (see `SpinCalibration`).
    var unitLine: [Int32] = []
    var lineEvidence: [Float] = []
    var lineWords: [Int32] = []
    /// Words (and numbers) of the input.
    var wordCount = 0
    /// What the neighbour check found (zero without a neighbour table).
    var neighbourCounts = NeighbourCounts()
    /// Islands whose evidence is above `NeighbourCounts.strongLevel` (this pass).
    var strongIslands = 0
    /// The written path's language-model state before each unit of a sentence (scratch of
    /// `countNeighbours`).
    var neighbourStates: [LMState] = []
    /// The written path's log10 score of each unit of a sentence (scratch of `countNeighbours`).
    var neighbourScores: [Float] = []
    /// Per neighbour-index entry, the input (`neighbourInput`) that last checked the word:
    /// each word is checked at its first occurrence only (scratch of `countNeighbours`).
    var neighbourSeen: [UInt32] = []
    var neighbourInput: UInt32 = 0
    /// The calibration the decision uses (the options', else the identity).
    let calibration: SpinCalibration
    /// Added to every candidate's change penalty (the second pass over a sparsely spun text).
    var extraPenalty: Float = 0
    /// The current sentence's islands: their units and the matches they hold.
    var sentenceIslands: [(units: Range<Int>, matches: Range<Int>)] = []
    /// Whether an island's decoding stops where every reading the beam keeps has merged into
    /// the keep path past the last phrase (see `decodeIsland`); off only to test that stopping
    /// changes nothing.
    var stopsEarly = true
    /// How many islands stopped early (for tests).
    var earlyStops = 0
    /// The keep path's language-model state at unit `keptUntil` of the current sentence, as the
    /// last island left it (-1: none yet).
    var keptUntil = -1
    var keptState = LMState()
    // Per-island scratch.
    let hyps = _DecoderBuffer<Hyp>()
    /// First hypothesis at each island position; hypotheses at one position are chained
    /// through `Hyp.sibling` (flat storage, no array per position).
    let head = _DecoderBuffer<Int32>()
    /// The input's language-model queries (`_QueryMemo`), and whether the decoder asks it
    /// (off only to test that it changes nothing).
    let memo = _QueryMemo()
    var usesMemo = true
    // The restorer's tables, held directly so the hot loop does not go through the class.
    let candidateCost: [Float]
    let candidateTokens: [UInt32]
    let candidateTokenStart: [UInt32]
    let keepCost: [Float]

    struct Hyp {
        var state: LMState
        var score: Float
        var back: Int32
        var from: Int32
        var candidate: Int32
        var changes: Int32 = 0
        var sibling: Int32 = -1
    }

    init(restorer: Restorer, model: LM) {
        self.restorer = restorer
        self.model = model
        self.dictionary = restorer.dictionary
        self.context = max(1, model.order - 1)
        self.matcher = Matcher(dictionary: restorer.dictionary, words: restorer.words, asciiModelID: restorer.asciiModelID)
        self.neighbourSeen = Array(repeating: 0, count: restorer.neighbours?.count ?? 0)
        self.candidateCost = restorer.candidateCost
        self.candidateTokens = restorer.candidateTokens
        self.candidateTokenStart = restorer.dictionary.candidateToken
        self.keepCost = restorer.keepCost
        self.calibration = restorer.options.calibration ?? .identity
    }

    /// Restores one input. A decoder runs any number of inputs in turn: nothing of one input
    /// carries over to the next but the capacity of the scratch buffers.
    mutating func run(_ bytes: UnsafeBufferPointer<UInt8>) -> Restoration {
        extraPenalty = 0
        memo.startInput()
        matcher.load(bytes)
        // The matcher found the model ids, but for words unknown to the dictionary under a
        // model that cannot list its words (`.max`): those are looked up here.
        swap(&unitLM, &matcher.unitModel)
        for u in unitLM.indices where unitLM[u] == .max { unitLM[u] = modelID(bytes, u) }
        findLines()
        neighbourCounts = NeighbourCounts()
        if let index = restorer.neighbours { countNeighbours(bytes, index) }
        decodeAll(bytes)
        // The text as a whole: spun, or written as it stands? Without enough evidence that
        // it is spun, no change is made.
        neighbourCounts.strongIslands = strongIslands
        let odds = spunLogOdds(calibration)
        let anyOdds = restorer.options.anySpinner.map { spunLogOdds($0) }
        let options = restorer.options
        if options.documentGate && odds <= 0 {
            chosen.removeAll()
        } else {
            if options.ambiguityMargin > 0 { dropAmbiguous(bytes) }
            if options.sparsePenalty > 0 && !chosen.isEmpty && changedShare() < options.denseShare {
                // Rewritten only here and there (a paper with a few tortured phrases, a partly
                // spun page): most of its words are as written, so each change must earn more.
                extraPenalty = options.sparsePenalty
                decodeAll(bytes)
                if options.ambiguityMargin > 0 { dropAmbiguous(bytes) }
            }
            if options.documentGate && calibration.paragraph.isFinite { dropWrittenParagraphs(inputLogOdds: odds) }
        }
        if options.explainsEdits || options.minimumConfidence > 0 {
            scoreAlternatives(bytes)
            if options.minimumConfidence > 0 { dropUnconfident(below: Float(options.minimumConfidence)) }
        } else {
            editConfidence.removeAll(keepingCapacity: true)
        }
        var result = write(bytes)
        result.spunLogOdds = Double(odds)
        result.anySpinnerLogOdds = anyOdds.map(Double.init)
        result.words = wordCount
        if restorer.neighbours != nil { result.neighbours = neighbourCounts }
        return result
    }

    /// Decodes every sentence, appending the chosen edits to `chosen`.
    mutating func decodeAll(_ bytes: UnsafeBufferPointer<UInt8>) {
        evidence = 0
        strongIslands = 0
        for i in lineEvidence.indices { lineEvidence[i] = 0 }
        chosen.removeAll(keepingCapacity: true)
        islands.removeAll(keepingCapacity: true)
        let starts = matcher.sentenceStarts
        for s in 0..<(starts.count - 1) { decodeSentence(bytes, starts[s], starts[s + 1]) }
    }

    /// The share of the input's words (and numbers) that the chosen edits change.
    /// - Complexity: O(units).
    func changedShare() -> Float {
        var changed = 0
        for c in chosen { changed += c.end - c.start }
        return Float(changed) / Float(max(1, wordCount))
    }

    /// The language-model id of unit `u`, folded and looked up in the model.
    mutating func modelID(_ bytes: UnsafeBufferPointer<UInt8>, _ u: Int) -> UInt32 {
        let t = matcher.tokens[Int(matcher.unitToken[u])]
        let model = self.model
        return Matcher.folded(UnsafeBufferPointer(rebasing: bytes[t.start..<t.end]), &fold) { model.index(of: $0) }
    }
}
