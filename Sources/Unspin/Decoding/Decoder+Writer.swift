import Foundation

// Writing the restored bytes: untouched bytes copied, replacements in the spun case.
extension Decoder {
    /// Copies the input, writing each chosen candidate in the spun phrase's case.
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) -> Restoration {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        var edits: [Edit] = []
        var copied = 0
        var replacement: [UInt8] = []
        let explained = editConfidence.count == chosen.count
        for (i, c) in chosen.enumerated() {
            var a = matcher.tokens[Int(matcher.unitToken[c.start])].start
            var b = matcher.tokens[Int(matcher.unitToken[c.end - 1])].end
            var spunBytes = UnsafeBufferPointer(rebasing: bytes[a..<b])
            replacement.removeAll(keepingCapacity: true)
            CasePattern.of(spunBytes).apply(to: dictionary.original(c.candidate), into: &replacement)
            if replacement.elementsEqual(spunBytes) { continue }
            let phrase = spunBytes
            keepLineBreaks(bytes, c.start, c.end, after: copied, &a, &b, &replacement)
            spunBytes = UnsafeBufferPointer(rebasing: bytes[a..<b])
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<a]))
            out.append(contentsOf: replacement)
            copied = b
            edits.append(Edit(range: a..<b, spun: String(decoding: spunBytes, as: UTF8.self),
                              replacement: String(decoding: replacement, as: UTF8.self),
                              margin: Double(c.margin), table: dictionary.tableName(of: c.candidate)))
            if explained { explain(&edits[edits.count - 1], i, phrase) }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<bytes.count]))
        return Restoration(bytes: out, edits: edits)
    }

    /// Fills an edit's confidence and alternatives from `scoreAlternatives`' results for chosen
    /// edit `i` (readings in the spun phrase's case).
    func explain(_ edit: inout Edit, _ i: Int, _ spunBytes: UnsafeBufferPointer<UInt8>) {
        edit.confidence = Double(editConfidence[i])
        let pattern = CasePattern.of(spunBytes)
        var text: [UInt8] = []
        for a in alternatives[Int(alternativeStart[i])..<Int(alternativeStart[i + 1])] {
            if a.candidate < 0 {
                edit.alternatives.append(.init(text: String(decoding: spunBytes, as: UTF8.self), confidence: Double(a.confidence), table: nil))
                continue
            }
            text.removeAll(keepingCapacity: true)
            pattern.apply(to: dictionary.original(Int(a.candidate)), into: &text)
            edit.alternatives.append(.init(text: String(decoding: text, as: UTF8.self), confidence: Double(a.confidence),
                                           table: dictionary.tableName(of: Int(a.candidate))))
        }
    }

    /// Keeps the line breaks of a spun phrase that spans lines (wrapped text) in its
    /// replacement, whose words `replacement` joins by single spaces: the replacement's gaps
    /// take the phrase's whitespace in order, and a line break that would fall away goes to
    /// its last gap. A one-word replacement takes the line break after it, in place of the
    /// plain spaces that follow the phrase (or before it, in place of those before), widening
    /// `a..<b` (never back over bytes an earlier edit wrote, before `copied`); with neither,
    /// the line break is lost.
    /// - Complexity: O(length of the phrase).
    func keepLineBreaks(_ bytes: UnsafeBufferPointer<UInt8>, _ firstUnit: Int, _ endUnit: Int, after copied: Int,
                        _ a: inout Int, _ b: inout Int, _ replacement: inout [UInt8]) {
        let tokens = matcher.tokens
        let first = Int(matcher.unitToken[firstUnit]), last = Int(matcher.unitToken[endUnit - 1])
        var gaps: [Token] = []
        for t in tokens[first...last] where t.kind == .space { gaps.append(t) }
        guard gaps.contains(where: { $0.newlines > 0 }) else { return }
        let words = replacement.split(separator: 0x20)
        guard !words.isEmpty else { return }
        var seps: [[UInt8]] = []
        for j in 0..<(words.count - 1) {
            seps.append(j < gaps.count ? Array(bytes[gaps[j].start..<gaps[j].end]) : [0x20])
        }
        let dropped = gaps.dropFirst(max(0, words.count - 1)).first { $0.newlines > 0 }
        var out: [UInt8] = []
        if let lf = dropped {
            let lfBytes = Array(bytes[lf.start..<lf.end])
            if !seps.isEmpty {
                if !seps[seps.count - 1].contains(0x0A) { seps[seps.count - 1] = lfBytes }
            } else if last + 1 < tokens.count, tokens[last + 1].kind == .space, tokens[last + 1].newlines == 0 {
                out = Array(words[0]) + lfBytes
                b = tokens[last + 1].end
                replacement = out
                return
            } else if first > 0, tokens[first - 1].kind == .space, tokens[first - 1].newlines == 0,
                      tokens[first - 1].start >= copied {
                out = lfBytes + Array(words[0])
                a = tokens[first - 1].start
                replacement = out
                return
            } else {
                return
            }
        }
        for (j, w) in words.enumerated() {
            out += w
            if j < seps.count { out += seps[j] }
        }
        replacement = out
    }
}
