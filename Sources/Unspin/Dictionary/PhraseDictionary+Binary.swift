#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The compiled dictionary file: every flat array of a `PhraseDictionary` as one section
/// of a `SectionFile` ("UNSPDICT", version 2; version 1 had a slower checksum). Opening maps the file, checks it and
/// copies the sections; nothing is parsed.
extension PhraseDictionary {
    public static let fileMagic = "UNSPDICT"
    public static let fileVersion: UInt32 = 2

    /// Whether the file at `path` starts with the compiled dictionary's magic.
    public static func isCompiled(path: String) -> Bool {
        guard let f = fopen(path, "rb") else { return false }
        defer { fclose(f) }
        var b = [UInt8](repeating: 0, count: 8)
        return fread(&b, 1, 8, f) == 8 && b == Array(fileMagic.utf8)
    }

    /// Opens dictionary files: one compiled `.dict` as it is, or text tables compiled now.
    /// - Throws: `DictionaryError` or `BinaryFileError`, naming the file.
    public init(files paths: [String], tableWeights: [String: Double] = [:],
                defaultWeight: Double = 0.1, defaultKeep: Double = 0.5) throws {
        if paths.count == 1, Self.isCompiled(path: paths[0]) {
            try self.init(compiledPath: paths[0])
        } else {
            try self.init(paths: paths, tableWeights: tableWeights, defaultWeight: defaultWeight, defaultKeep: defaultKeep)
        }
    }

    /// The compiled file's bytes.
    /// - Complexity: O(size).
    public func compiled() -> [UInt8] {
        var names: [UInt8] = []
        var nameStart: [UInt32] = [0]
        for n in tableNames { names += Array(n.utf8); nameStart.append(UInt32(names.count)) }
        let v = vocabulary
        let t = trie
        let sections: [[UInt8]] = [
            SectionFile.bytes(v.pool), SectionFile.bytes(v.offsets), SectionFile.bytes(v.slots), SectionFile.bytes(v.hashes),
            SectionFile.bytes(t.rootChild), SectionFile.bytes(t.edgeStart), SectionFile.bytes(t.edgeLabel),
            SectionFile.bytes(t.edgeTarget), SectionFile.bytes(t.valueStart), SectionFile.bytes(t.values),
            SectionFile.bytes(originalPool), SectionFile.bytes(originalStart),
            SectionFile.bytes(tokenPool), SectionFile.bytes(tokenStart), SectionFile.bytes(candidateToken),
            SectionFile.bytes(logChannel), SectionFile.bytes(candidateTable), SectionFile.bytes(keepLogProbability),
            names, SectionFile.bytes(nameStart), SectionFile.bytes([UInt64(phraseCount)]),
        ]
        return SectionFile.build(magic: Self.fileMagic, version: Self.fileVersion, sections: sections)
    }

    /// Opens a compiled dictionary.
    /// - Throws: `BinaryFileError` for a missing, truncated, corrupt, foreign or older file.
    /// - Complexity: O(size) memory copy.
    public init(compiledPath path: String) throws {
        let f = try SectionFile(path: path, magic: Self.fileMagic, version: Self.fileVersion)
        guard f.sectionCount == 21 else { throw BinaryFileError(file: path, message: "corrupt: \(f.sectionCount) sections, expected 21") }
        self.init()
        vocabulary.pool = try f.array(0); vocabulary.offsets = try f.array(1)
        vocabulary.slots = try f.array(2); vocabulary.hashes = try f.array(3)
        trie.rootChild = try f.array(4); trie.edgeStart = try f.array(5); trie.edgeLabel = try f.array(6)
        trie.edgeTarget = try f.array(7); trie.valueStart = try f.array(8); trie.values = try f.array(9)
        originalPool = try f.array(10); originalStart = try f.array(11)
        tokenPool = try f.array(12); tokenStart = try f.array(13); candidateToken = try f.array(14)
        logChannel = try f.array(15); candidateTable = try f.array(16); keepLogProbability = try f.array(17)
        let names: [UInt8] = try f.array(18)
        let nameStart: [UInt32] = try f.array(19)
        let count: [UInt64] = try f.array(20)
        // Cross-checks that a bit flip the checksum missed could not pass silently.
        guard vocabulary.offsets.count == vocabulary.hashes.count + 1,
              vocabulary.slots.count.nonzeroBitCount == 1,
              keepLogProbability.count == vocabulary.count,
              originalStart.count == logChannel.count + 1, candidateToken.count == logChannel.count + 1,
              candidateTable.count == logChannel.count, !nameStart.isEmpty, count.count == 1,
              trie.valueStart.count == trie.edgeStart.count else {
            throw BinaryFileError(file: path, message: "corrupt: section sizes disagree")
        }
        for i in 0..<(nameStart.count - 1) {
            tableNames.append(String(decoding: names[Int(nameStart[i])..<Int(nameStart[i + 1])], as: UTF8.self))
        }
        phraseCount = Int(count[0])
        guard trie.indexSteps() else { throw BinaryFileError(file: path, message: "corrupt: the phrase trie's arrays disagree") }
        indexASCIITokens()
    }
}
