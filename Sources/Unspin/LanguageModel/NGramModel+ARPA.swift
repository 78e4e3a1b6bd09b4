extension NGramModel {
    /// Writes the model as ARPA text to `path` atomically.
    ///
    /// Numbers are written with the fewest digits that read back to the same Float, so
    /// ARPA → model → ARPA keeps every stored value. Unigrams come in id order, longer
    /// n-grams in storage order (table order; trie order for a compact model).
    /// - Complexity: O(number of n-grams × order).
    public func writeARPA(to path: String) throws {
        try LMFileWriter.write(path: path) { out in
            var buf: [UInt8] = []
            buf.reserveCapacity(1 << 20)
            func flush() throws {
                try buf.withUnsafeBytes { try out.write($0) }
                buf.removeAll(keepingCapacity: true)
            }
            let cs = counts
            buf.append(contentsOf: "\\data\\\n".utf8)
            for n in 1...order { buf.append(contentsOf: "ngram \(n)=\(cs[n - 1])\n".utf8) }
            for n in 1...order {
                buf.append(contentsOf: "\n\\\(n)-grams:\n".utf8)
                try forEachNGram(n) { words, prob, backoffBits in
                    appendNumber(prob, to: &buf)
                    buf.append(0x09)
                    for k in 0..<n {
                        if k > 0 { buf.append(0x20) }
                        buf.append(contentsOf: handle.word(words[k]))
                    }
                    if n < order {
                        buf.append(0x09)
                        appendNumber(Float(bitPattern: backoffBits & 0x7FFF_FFFF == 0 ? 0 : backoffBits), to: &buf)
                    }
                    buf.append(0x0A)
                    if buf.count > (1 << 20) - 4096 { try flush() }
                }
            }
            buf.append(contentsOf: "\n\\end\\\n".utf8)
            try flush()
        }
    }

    /// The words of entry `slot` of table `n`, oldest first, into `words[0..<n]`.
    func decode(_ n: Int, _ slot: Int, into words: inout [UInt32]) {
        var level = n
        var s = slot
        while level > 1 {
            let key = handle.key(level, s)
            words[level - 1] = UInt32(truncatingIfNeeded: key)
            s = Int(key >> 32)
            level -= 1
            if level > 1 && UInt64(s) >= handle.table(level).capacity { s = 0 }  // damaged: stay in bounds
        }
        words[0] = UInt32(truncatingIfNeeded: s)
    }
}

/// Appends the shortest decimal text that reads back as the same Float.
private func appendNumber(_ v: Float, to buf: inout [UInt8]) {
    if v == 0 { buf.append(0x30); return }
    var s = "\(v)"
    if s.hasSuffix(".0") { s.removeLast(2) }
    buf.append(contentsOf: s.utf8)
}
