/// A back-off n-gram model (orders 2...5) over flat hash tables (version 1) or a compact
/// quantized trie (version 2, see `LMTrieLayout`), queried KenLM style.
///
/// Built from an ARPA file, trained with `KneserNeyTrainer`, or mapped from a binary model
/// file without parsing. All instances share one layout (see `LMLayout`), read through one
/// small handle type; queries never allocate.
///
/// States carry word ids in `w0` and, in `w1...w3`, identifiers of the longer contexts (entry
/// indices of this model's tables), so equal states mean equal contexts. States are kept
/// minimal: a context that cannot change any later score is dropped, as in KenLM.
public struct NGramModel: LanguageModel {
    let storage: LMStorage
    /// Vocabulary, unigrams and (version 1) the hash tables.
    let handle: _LMHandle
    /// The trie of a compact (version 2) image (owned by `storage`); an empty one for version
    /// 1. A pointer, not optional, so that a query reads the few fields it needs in place
    /// instead of copying the handle (four levels of a dozen fields) into registers and
    /// spilling it.
    let triePointer: _LMTriePointer
    var trie: _LMTrieHandle { triePointer.p.pointee }
    /// Whether the image is version 2.
    let isCompact: Bool

    init(storage: LMStorage) {
        self.storage = storage
        let base = UnsafeRawPointer(storage.base)
        if base.loadUnaligned(fromByteOffset: LMLayout.oVersion, as: UInt32.self) == LMTrieLayout.version {
            self.handle = _LMHandle(base)
            storage.buildTrieHandle()
            self.triePointer = _LMTriePointer(p: UnsafePointer(storage.trieHandle!))
            self.isCompact = true
        } else {
            storage.buildFilters(_LMHandle(base))
            self.handle = _LMHandle(base, filters: storage.filters)
            self.triePointer = _LMTriePointer(p: UnsafePointer(_LMTrieHandle.none))
            self.isCompact = false
        }
    }

    /// The image's format: `.compact` (version 2) or `.hash` (version 1).
    /// - Complexity: O(1).
    public var format: LMBinaryFormat { isCompact ? .compact : .hash }

    /// The longest n-gram order (2...5).
    /// - Complexity: O(1).
    public var order: Int { handle.order }
    /// The id of `<unk>`.
    /// - Complexity: O(1).
    public var unknownWord: UInt32 { handle.unk }
    /// The id of `</s>`.
    /// - Complexity: O(1).
    public var endSentenceWord: UInt32 { handle.eos }
    /// The id of `<s>`.
    /// - Complexity: O(1).
    public var beginSentenceWord: UInt32 { handle.bos }
    /// The number of words, `<s>`, `</s>` and `<unk>` included.
    /// - Complexity: O(1).
    public var vocabularySize: Int { Int(handle.vocabCount) }

    /// The number of n-grams of each order, index 0 for unigrams.
    /// - Complexity: O(order).
    public var counts: [Int] {
        (1...order).map { Int(storage.base.loadUnaligned(fromByteOffset: LMLayout.oCounts + 8 * ($0 - 1), as: UInt64.self)) }
    }

    /// The number of tokens the model was trained on (words and sentence ends), or nil when
    /// unknown (a model converted from ARPA, or a file written before the count was stored).
    /// - Complexity: O(1).
    public var trainingTokens: Int? {
        let v = storage.base.loadUnaligned(fromByteOffset: LMLayout.oTrainingTokens, as: UInt64.self)
        return v == 0 ? nil : Int(v - 1)
    }

    /// The size of the model image in bytes (the binary file's size).
    /// - Complexity: O(1).
    public var byteSize: Int { storage.size }

    /// The id of a folded word, or `unknownWord`.
    /// - Complexity: O(length of `word`) expected.
    public func index(of word: UnsafeBufferPointer<UInt8>) -> UInt32 { handle.index(of: word) }

    /// The bytes of word `id` as stored in the model (empty when out of range).
    /// - Complexity: O(length of the word).
    public func word(_ id: UInt32) -> String { String(decoding: handle.word(id), as: UTF8.self) }

    /// The state at the start of a sentence (context `<s>`).
    /// - Complexity: O(1).
    public func beginSentenceState() -> LMState {
        var s = LMState()
        s.length = 1
        s.w0 = handle.bos
        return s
    }

    /// The state with no context.
    /// - Complexity: O(1).
    public func nullContextState() -> LMState { LMState() }

    /// log10 P(word | state) by standard backoff, and the state after `word`.
    /// - Complexity: O(order) hash probes (version 1) or binary searches (version 2), no allocation.
    public func score(_ state: LMState, _ word: UInt32, next: inout LMState) -> Float {
        if isCompact { return triePointer.p.pointee.score(state, word, next: &next) }
        if handle.order == 4 { return handle.scoreOrder4(state, word, next: &next) }
        return scoreAnyOrder(state, word, next: &next)
    }

    /// `score` for models of other orders than 4, out of line so that the order-4 query
    /// stays small.
    @inline(never)
    func scoreAnyOrder(_ state: LMState, _ word: UInt32, next: inout LMState) -> Float {
        handle.scoreAnyOrder(state, word, next: &next)
    }

    /// Loads the bigram table entry where the lookup of (`previous`, `word`) starts.
    /// - Complexity: O(1).
    @inline(__always)
    public func warm(_ previous: UInt32, _ word: UInt32) {
        if isCompact { triePointer.p.pointee.warm(previous, word) } else { handle.warmBigram(previous, word) }
    }

    /// Builds a model from an ARPA file (words used exactly as written).
    /// - Complexity: O(size of the file).
    public init(arpaPath path: String) throws {
        let input = try ARPAReader.read(path: path)
        self.init(storage: try LMImageBuilder(input, file: path).build())
    }

    /// Builds a model from ARPA text held in memory (`name` appears in errors).
    /// - Complexity: O(length of `text`).
    public init(arpaText text: String, name: String = "<arpa>") throws {
        var r = ARPAReader(file: name, bytes: Array(text.utf8))
        self.init(storage: try LMImageBuilder(try r.parse(), file: name).build())
    }

    /// Opens a model file, ARPA text or the binary format, telling them apart by content.
    /// - Complexity: O(size) for ARPA; O(1) for binary (mapped, nothing parsed).
    public static func load(path: String) throws -> NGramModel {
        switch try LMFileKind.detect(path: path) {
        case .binary: return try NGramModel(binaryPath: path)
        case .arpa: return try NGramModel(arpaPath: path)
        }
    }
}

/// The two model file formats.
public enum LMFileKind: Sendable {
    case arpa, binary

    /// Tells the format of a model file by its first bytes.
    /// - Complexity: O(1) reads.
    public static func detect(path: String) throws -> LMFileKind {
        guard let f = fopen(path, "rb") else {
            throw LMError(file: path, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var head = [UInt8](repeating: 0, count: 4096)
        let n = head.withUnsafeMutableBytes { fread($0.baseAddress, 1, 4096, f) }
        head.removeLast(4096 - n)
        if head.starts(with: LMLayout.magic) { return .binary }
        // ARPA: a line "\data\", possibly after blank lines or a comment.
        let data = Array("\\data\\".utf8)
        var lineStart = 0
        while lineStart < head.count {
            var i = lineStart
            while i < head.count && (head[i] == 0x20 || head[i] == 0x09 || head[i] == 0x0D) { i += 1 }
            if head[i...].starts(with: data) { return .arpa }
            guard let nl = head[lineStart...].firstIndex(of: 0x0A) else { break }
            lineStart = nl + 1
        }
        if n == 0 { throw LMError(file: path, "empty file, not a language model") }
        if head.starts(with: Array("mmap lm".utf8)) {
            throw LMError(file: path, "a KenLM binary model; convert the ARPA file with 'unspin lm convert' instead")
        }
        if head.starts(with: Array("UNSPIN".utf8)) {
            throw LMError(file: path, "an unspin file but not a language model (magic '\(String(decoding: head.prefix(8), as: UTF8.self))')")
        }
        throw LMError(file: path, offset: 0, "not a language model: neither ARPA text (starting with '\\data\\') nor an unspin binary model")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two binary layouts.
public enum LMBinaryFormat: Sendable {
    /// Version 2: a trie of bit-packed sorted arrays with 8-bit quantized values (about a
    /// fifth of the size); the default.
    case compact
    /// Version 1: open-addressing hash tables with exact Float32 values.
    case hash
}
