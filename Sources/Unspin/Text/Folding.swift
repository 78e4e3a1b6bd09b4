/// Case folding of word bytes, so that word comparison is case-insensitive for every script.
///
/// Folding lowercases each scalar (simple one-to-one mappings; ASCII by arithmetic, other
/// scalars through a table built once) and maps the typographic apostrophe ’ to '.
public enum Folding {
    /// Appends the folded form of `word` to `out`.
    /// - Complexity: O(n); allocation-free for ASCII and for scalars below U+3000.
    @inlinable
    public static func fold(_ word: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let h = _UTF8Handle(word)
        var i = 0
        while i < h.count {
            let b = h[i]
            if b < 0x80 {
                out.append(lowerASCII(b))
                i += 1
                continue
            }
            let (s, len) = h.decode(at: i)
            guard let v = s else { out.append(b); i += 1; continue }
            if v == 0x2019 { out.append(0x27); i += len; continue }
            appendUTF8(lower(v), to: &out)
            i += len
        }
    }

    /// Folds a string (convenience for tests and loaders).
    public static func fold(_ text: String) -> String {
        var out: [UInt8] = []
        withUTF8Bytes(of: text) { fold($0, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// A byte with an ASCII capital folded (every other byte as it is).
    @inlinable
    public static func lowerASCII(_ b: UInt8) -> UInt8 { b &+ ((b &- 0x41) < 26 ? 0x20 : 0) }

    /// The simple lowercase mapping of a scalar.
    @inlinable
    public static func lower(_ v: UInt32) -> UInt32 {
        if v < 0x80 { return (v &- 0x41) < 26 ? v + 0x20 : v }
        if v < UInt32(lowerTable.count) { return lowerTable[Int(v)] }
        return lowerSlow(v)
    }

    /// The simple uppercase mapping of a scalar.
    @inlinable
    public static func upper(_ v: UInt32) -> UInt32 {
        if v < 0x80 { return (v &- 0x61) < 26 ? v - 0x20 : v }
        if v < UInt32(upperTable.count) { return upperTable[Int(v)] }
        return upperSlow(v)
    }

    @usableFromInline static let tableLimit = 0x3000

    @usableFromInline
    static let lowerTable: [UInt32] = buildTable(changes: { $0.changesWhenLowercased }) { $0.properties.lowercaseMapping }
    @usableFromInline
    static let upperTable: [UInt32] = buildTable(changes: { $0.changesWhenUppercased }) { $0.properties.uppercaseMapping }

    /// A table of `map` over the scalars below `tableLimit`; only scalars that `changes`
    /// (the mapping's own property) are mapped, the others map to themselves (one property
    /// lookup per scalar: the table is built on first use, at start-up).
    static func buildTable(changes: (Unicode.Scalar.Properties) -> Bool, _ map: (Unicode.Scalar) -> String) -> [UInt32] {
        var t = [UInt32](repeating: 0, count: tableLimit)
        for v in 0..<UInt32(tableLimit) {
            t[Int(v)] = v
            guard v >= 0x80, let s = Unicode.Scalar(v) else { continue }
            guard changes(s.properties) else { continue }
            let m = map(s).unicodeScalars
            if m.count == 1 { t[Int(v)] = m.first!.value }
        }
        return t
    }

    @usableFromInline
    static func lowerSlow(_ v: UInt32) -> UInt32 {
        guard let s = Unicode.Scalar(v), s.properties.changesWhenLowercased else { return v }
        let m = s.properties.lowercaseMapping.unicodeScalars
        return m.count == 1 ? m.first!.value : v
    }

    @usableFromInline
    static func upperSlow(_ v: UInt32) -> UInt32 {
        guard let s = Unicode.Scalar(v), s.properties.changesWhenUppercased else { return v }
        let m = s.properties.uppercaseMapping.unicodeScalars
        return m.count == 1 ? m.first!.value : v
    }
}
