@testable import Unspin

/// A stand-in restorer for the corpus tests: replaces three ASCII phrases (any case, whole
/// words) so outputs are predictable without a language model.
enum FakeRestorer {
    static let table: [(spun: [UInt8], original: String)] = [
        (Array("a minimum of".utf8), "at least"),
        (Array("mentioned".utf8), "said"),
        (Array("struggle".utf8), "war"),
    ]

    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0x80 }

    static let restore: RestoreFunction = { bytes in
        var out: [UInt8] = []
        var edits: [Edit] = []
        var i = 0
        let n = bytes.count
        scan: while i < n {
            if i == 0 || !isLetter(bytes[i - 1]) {
                for (spun, original) in table where i + spun.count <= n {
                    var ok = true
                    for k in 0..<spun.count where bytes[i + k] | 0x20 != spun[k] | (spun[k] == 0x20 ? 0 : 0x20) {
                        ok = false
                        break
                    }
                    if ok && (i + spun.count == n || !isLetter(bytes[i + spun.count])) {
                        var rep = original
                        if bytes[i] >= 0x41 && bytes[i] <= 0x5A { rep = rep.prefix(1).uppercased() + rep.dropFirst() }
                        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<i + spun.count]), as: UTF8.self)
                        edits.append(Edit(range: i..<i + spun.count, spun: s, replacement: rep, margin: 1.25, table: "fake"))
                        out.append(contentsOf: rep.utf8)
                        i += spun.count
                        continue scan
                    }
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return Restoration(bytes: out, edits: edits)
    }

    static func restore(_ s: String) -> String {
        let r = Array(s.utf8).withUnsafeBufferPointer { restore($0) }
        return String(decoding: r.bytes, as: UTF8.self)
    }
}
