import Foundation

/// English inflection of nouns and verbs, regular by rule and irregular from exception lists,
/// used to spread lemma-level dictionary entries to every inflected form.
///
/// `assault → attack` gives `assaults → attacks`, `assaulted → attacked`,
/// `assaulting → attacking`; `instruct → tell` gives `instructed → told`.
public struct Inflector: Sendable {
    /// An inflected form.
    public enum Form: UInt8, Sendable, CaseIterable {
        /// The lemma itself.
        case base
        /// Noun plural (-s).
        case plural
        /// Verb third person singular present (-s).
        case thirdPerson
        /// Verb past tense or past participle (-ed, or irregular).
        case past
        /// Verb present participle (-ing).
        case gerund

        var isVerbal: Bool { self == .thirdPerson || self == .past || self == .gerund }
    }

    /// Parts of speech a lemma may have.
    public struct PartsOfSpeech: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        /// A set from its bits.
        /// - Complexity: O(1).
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let noun = PartsOfSpeech(rawValue: 1)
        public static let verb = PartsOfSpeech(rawValue: 2)
    }

    struct FormKey: Hashable, Sendable { var lemma: String; var form: Form }

    /// Lemmas and their parts of speech.
    var lexicon: [String: PartsOfSpeech]
    /// Irregular forms by lemma and form (these replace the regular rule for that form).
    var irregularForms: [FormKey: [String]] = [:]
    /// Irregular inflected word -> its analyses.
    var irregularAnalyses: [String: [FormKey]] = [:]

    /// Verbs whose past is the lemma itself (not in WordNet's exception lists, which only list changes).
    static let unchangingPast: [String] = ["bet", "broadcast", "burst", "cast", "cost", "cut", "fit", "forecast",
        "hit", "hurt", "let", "put", "quit", "read", "set", "shed", "shut", "split", "spread", "thrust", "upset"]
    /// Auxiliaries, never expanded (their forms are too irregular and too common to guess at).
    static let skipped: Set<String> = ["be", "have", "do", "will", "shall", "can", "may", "must"]

    /// An inflector over `lexicon` (lemma → parts of speech) with irregular forms given as
    /// (inflected word, lemma, part of speech) triples.
    /// - Complexity: O(number of lemmas + exceptions).
    public init(lexicon: [String: PartsOfSpeech], exceptions: [(inflected: String, lemma: String, pos: PartsOfSpeech)]) {
        self.lexicon = lexicon
        for (word, lemma, pos) in exceptions {
            guard word != lemma else { continue }
            let form: Form
            if pos == .noun { form = .plural } else if word.hasSuffix("ing") { form = .gerund }
            else if word.hasSuffix("s") && word != "was" && !word.hasSuffix("ss") { form = .thirdPerson }
            else { form = .past }
            let key = FormKey(lemma: lemma, form: form)
            if !(irregularForms[key]?.contains(word) ?? false) { irregularForms[key, default: []].append(word) }
            irregularAnalyses[word, default: []].append(key)
        }
        for v in Inflector.unchangingPast where lexicon[v]?.contains(.verb) ?? false {
            let key = FormKey(lemma: v, form: .past)
            if irregularForms[key] == nil { irregularForms[key] = [v] }
        }
    }

    /// Reads WordNet 3.0's `index.noun`, `index.verb`, `noun.exc` and `verb.exc` from `directory`.
    /// - Throws: `DictionaryError` naming a missing file.
    /// - Complexity: O(size of the files).
    public static func load(wordNet directory: String) throws -> Inflector {
        func lines(_ name: String) throws -> [Substring] {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DictionaryError(file: path, line: 0, message: "cannot be read (install WordNet: apt-get install wordnet-base)")
            }
            return String(decoding: data, as: UTF8.self).split(separator: "\n")
        }
        // A lemma gets a part of speech when a sense of it was seen tagged in WordNet's corpus
        // (so "fee" is a noun only), or when it has only that one.
        var all: [String: PartsOfSpeech] = [:]
        var tagged: [String: PartsOfSpeech] = [:]
        for (file, pos) in [("index.noun", PartsOfSpeech.noun), ("index.verb", .verb)] {
            for line in try lines(file) where !line.hasPrefix(" ") {
                let f = line.split(separator: " ")
                guard f.count >= 4, let pointers = Int(f[3]), f.count > 5 + pointers else { continue }
                let lemma = f[0].replacingOccurrences(of: "_", with: " ")
                all[lemma, default: []].insert(pos)
                if let t = Int(f[5 + pointers]), t > 0 { tagged[lemma, default: []].insert(pos) }
            }
        }
        var lexicon: [String: PartsOfSpeech] = [:]
        for (lemma, pos) in all { lexicon[lemma] = tagged[lemma] ?? pos }
        var exceptions: [(String, String, PartsOfSpeech)] = []
        for (file, pos) in [("noun.exc", PartsOfSpeech.noun), ("verb.exc", .verb)] {
            for line in try lines(file) {
                let f = line.split(separator: " ").map { $0.replacingOccurrences(of: "_", with: " ") }
                guard f.count >= 2 else { continue }
                for lemma in f.dropFirst() { exceptions.append((f[0], lemma, pos)) }
            }
        }
        return Inflector(lexicon: lexicon, exceptions: exceptions)
    }

    /// The parts of speech of `lemma` (empty when unknown).
    /// - Complexity: O(length of the word).
    public func partsOfSpeech(_ lemma: String) -> PartsOfSpeech { lexicon[lemma] ?? [] }

    /// The words for `lemma` in `form` (irregular forms when listed, else the regular rule).
    /// - Complexity: O(length of the word).
    public func forms(of lemma: String, _ form: Form) -> [String] {
        if form == .base { return [lemma] }
        if let irregular = irregularForms[FormKey(lemma: lemma, form: form)] { return irregular }
        return [Inflector.regular(lemma, form)]
    }

    /// The regular inflection of `lemma`.
    /// - Complexity: O(length of the word).
    public static func regular(_ lemma: String, _ form: Form) -> String {
        let chars = Array(lemma)
        guard let last = chars.last else { return lemma }
        let prev: Character? = chars.count >= 2 ? chars[chars.count - 2] : nil
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        let consonantY = last == "y" && prev != nil && !vowels.contains(prev!)
        switch form {
        case .base:
            return lemma
        case .plural, .thirdPerson:
            if lemma.hasSuffix("s") || lemma.hasSuffix("x") || lemma.hasSuffix("z") || lemma.hasSuffix("ch") || lemma.hasSuffix("sh") {
                return lemma + "es"
            }
            if consonantY { return String(chars.dropLast()) + "ies" }
            if form == .thirdPerson && last == "o" && prev != nil && !vowels.contains(prev!) { return lemma + "es" }
            return lemma + "s"
        case .past:
            if last == "e" { return lemma + "d" }
            if consonantY { return String(chars.dropLast()) + "ied" }
            return lemma + "ed"
        case .gerund:
            if lemma.hasSuffix("ie") { return String(chars.dropLast(2)) + "ying" }
            if last == "e" && prev != "e" && prev != "y" && prev != "o" && chars.count > 2 { return String(chars.dropLast()) + "ing" }
            return lemma + "ing"
        }
    }

    /// The (lemma, form) readings of a single word that the lexicon supports.
    /// - Complexity: O(length of the word).
    public func analyses(of word: String) -> [(lemma: String, form: Form)] {
        var out: [(String, Form)] = []
        func add(_ lemma: String, _ form: Form) {
            guard !Inflector.skipped.contains(lemma), !out.contains(where: { $0.0 == lemma && $0.1 == form }) else { return }
            out.append((lemma, form))
        }
        if !partsOfSpeech(word).isEmpty { add(word, .base) }
        for k in irregularAnalyses[word] ?? [] { add(k.lemma, k.form) }
        var candidates: [(String, Form)] = []
        func strip(_ suffix: String, _ add: String, _ forms: [Form]) {
            guard word.hasSuffix(suffix), word.count > suffix.count + 1 else { return }
            let stem = String(word.dropLast(suffix.count)) + add
            for f in forms { candidates.append((stem, f)) }
        }
        strip("s", "", [.plural, .thirdPerson]); strip("es", "", [.plural, .thirdPerson])
        strip("ies", "y", [.plural, .thirdPerson])
        strip("d", "", [.past]); strip("ed", "", [.past]); strip("ied", "y", [.past])
        strip("ing", "", [.gerund]); strip("ing", "e", [.gerund]); strip("ying", "ie", [.gerund])
        for (lemma, form) in candidates {
            let pos = partsOfSpeech(lemma)
            guard form == .plural ? pos.contains(.noun) : pos.contains(.verb) else { continue }
            if forms(of: lemma, form).contains(word) { add(lemma, form) }
        }
        return out
    }

    /// Readings of a phrase: every reading of a single word; for several words, the verb
    /// forms of the first word when the rest are function words ("put up", "take a look at").
    func phraseAnalyses(_ phrase: String) -> [(lemma: String, form: Form, prefix: String, suffix: String)] {
        let words = phrase.split(separator: " ").map(String.init)
        if words.count == 1 { return analyses(of: phrase).map { ($0.lemma, $0.form, "", "") } }
        guard words.count > 1, words.dropFirst().allSatisfy(FunctionWords.contains) else { return [] }
        let rest = " " + words.dropFirst().joined(separator: " ")
        return analyses(of: words[0]).filter { $0.form != .plural && partsOfSpeech($0.lemma).contains(.verb) }
            .map { ($0.lemma, $0.form, "", rest) }
    }

    /// Adds the inflected forms of each substitution whose two sides share a reading
    /// (same form; the parts of speech both lemmas allow), keeping only words `isKnown` accepts.
    ///
    /// Learned entries win over generated ones; a generated entry keeps the weight of the best
    /// entry it came from, times `weightFactor`, and notes that entry in its comment.
    /// - Complexity: O(entries × readings × forms).
    public func expand(_ entries: [LearnedEntry], weightFactor: Double = 1, isKnown: (String) -> Bool = { _ in true }) -> [LearnedEntry] {
        struct PairKey: Hashable { var spun: String; var original: String }
        var existing: Set<PairKey> = []
        for e in entries { existing.insert(PairKey(spun: e.spun, original: e.original)) }
        var generated: [PairKey: LearnedEntry] = [:]
        for e in entries where !e.isIdentity {
            let sa = phraseAnalyses(e.spun), oa = phraseAnalyses(e.original)
            for s in sa {
                for o in oa where s.form == o.form {
                    var pos = partsOfSpeech(s.lemma).intersection(partsOfSpeech(o.lemma))
                    if s.form == .plural { pos = pos.intersection(.noun) }
                    if s.form.isVerbal { pos = pos.intersection(.verb) }
                    // A multiword side is a verb phrase.
                    if !s.suffix.isEmpty || !o.suffix.isEmpty { pos = pos.intersection(.verb) }
                    guard !pos.isEmpty else { continue }
                    for g in Form.allCases {
                        if g == .plural && !pos.contains(.noun) { continue }
                        if g.isVerbal && !pos.contains(.verb) { continue }
                        for sw in forms(of: s.lemma, g) where isKnown(sw) {
                            for ow in forms(of: o.lemma, g) where isKnown(ow) {
                                let key = PairKey(spun: s.prefix + sw + s.suffix, original: o.prefix + ow + o.suffix)
                                guard key.spun != key.original, !existing.contains(key) else { continue }
                                let w = e.weight * weightFactor
                                if let old = generated[key], old.weight >= w { continue }
                                var n = LearnedEntry(spun: key.spun, original: key.original, count: 0, originalCount: 0, weight: w)
                                n.note = "inflected from \(e.spun) → \(e.original)"
                                generated[key] = n
                            }
                        }
                    }
                }
            }
        }
        var out = entries + generated.values
        out.sort(by: LearnedEntry.tableOrder)
        return out
    }
}
