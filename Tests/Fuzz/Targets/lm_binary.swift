// seeds: (generated at start-up: Tests/CLITests/Fixtures/tiny.arpa and Tests/UnspinTests/Fixtures/lm-tiny.arpa compiled in both formats, an order-4 model trained on the start of the shipped benchmark corpus, and version 2 images cut short)
import Foundation
import Unspin

@_cdecl("LLVMFuzzerInitialize") public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    guard let dir = seedDirectory() else { return 0 }
    var models: [(String, NGramModel)] = []
    for (name, path) in [("tiny", "Tests/CLITests/Fixtures/tiny.arpa"), ("lm-tiny", "Tests/UnspinTests/Fixtures/lm-tiny.arpa")] {
        if let m = try? NGramModel(arpaText: String(decoding: fixture(path), as: UTF8.self)) { models.append((name, m)) }
    }
    // An order-4 model with contexts of many children (bigram buckets, sampled ranges).
    var o = KneserNeyOptions()
    o.order = 4
    if let t = try? KneserNeyTrainer(options: o) {
        let text = Array(BenchmarkCorpus.text.utf8.prefix(12_000))
        text.withUnsafeBufferPointer { t.addText($0, tokenized: false) }
        if let m = try? t.train() { models.append(("order4", m)) }
    }
    for (name, m) in models {
        try? m.writeBinary(to: dir + "/seed-\(name).v1.bin", format: .hash)
        let v2 = dir + "/seed-\(name).v2.bin"
        try? m.writeBinary(to: v2, format: .compact)
        // Version 2 images cut short: inside the header, inside the sections, one byte short.
        guard let whole = FileManager.default.contents(atPath: v2) else { continue }
        for cut in [200, whole.count / 3, whole.count / 2, whole.count - 1] where cut > 0 && cut < whole.count {
            FileManager.default.createFile(atPath: dir + "/seed-\(name).v2.cut\(cut).bin", contents: whole.prefix(cut))
        }
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = fuzzFile(data, size)
    if let m = try? NGramModel(binaryPath: path, verify: false) {
        _ = m.verifyChecksum()
        query(m)
    }
    _ = try? NGramModel(binaryPath: path, verify: true)
    return 0
}

/// Queries a model that loaded (its structure checked, not its checksum): sentences of the
/// first words of the vocabulary and some ids out of range, every word after every state
/// reached, so that damaged records, child ranges, buckets and samples are all read.
func query(_ m: NGramModel) {
    let v = UInt32(min(m.vocabularySize, 48))
    var words: [UInt32] = (0..<v).map { $0 }
    words += [m.endSentenceWord, UInt32(m.vocabularySize), UInt32.max, m.unknownWord]
    var sum: Float = 0
    var state = m.beginSentenceState()
    var next = LMState()
    for (k, w) in words.enumerated() {
        for x in words.prefix(16) {
            sum += m.score(state, x, next: &next)
            m.warm(state.w0, x)
        }
        // Walk on along a path the model knows where it can (the next word in id order).
        sum += m.score(state, w, next: &next)
        state = k % 7 == 6 ? m.beginSentenceState() : next
    }
    if sum.isNaN { print("NaN score") }
}
