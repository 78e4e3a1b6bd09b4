/// JSON forms of edits and restorations, shared by `restore --json` and batch `--edits`.
extension Edit {
    /// Appends this edit as a JSON object:
    /// `{"start":B,"end":B,"spun":"…","replacement":"…","margin":M,"table":"…"}`
    /// (byte offsets in the input; margin in log10 units, 4 decimals), and when the edit has a
    /// confidence, `"confidence":C,"alternatives":[{"text":"…","confidence":C,"table":"…"|null},…]`.
    /// - Complexity: O(length of the phrases and alternatives).
    public func appendJSON(to out: inout [UInt8]) {
        out.append(contentsOf: Array("{\"start\":\(range.lowerBound),\"end\":\(range.upperBound),\"spun\":".utf8))
        out.append(contentsOf: JSONString.quoted(spun))
        out.append(contentsOf: Array(",\"replacement\":".utf8))
        out.append(contentsOf: JSONString.quoted(replacement))
        out.append(contentsOf: Array(",\"margin\":\(Self.format(margin)),\"table\":".utf8))
        out.append(contentsOf: JSONString.quoted(table))
        if let confidence {
            out.append(contentsOf: Array(",\"confidence\":\(Self.format(confidence)),\"alternatives\":[".utf8))
            for (i, a) in alternatives.enumerated() {
                if i > 0 { out.append(0x2C) }
                out.append(contentsOf: Array("{\"text\":".utf8))
                out.append(contentsOf: JSONString.quoted(a.text))
                out.append(contentsOf: Array(",\"confidence\":\(Self.format(a.confidence)),\"table\":".utf8))
                if let t = a.table { out.append(contentsOf: JSONString.quoted(t)) } else { out.append(contentsOf: Array("null".utf8)) }
                out.append(0x7D)
            }
            out.append(0x5D)
        }
        out.append(0x7D)
    }

    /// A fixed-precision rendering (4 decimals) so outputs are stable across platforms.
    public static func format(_ x: Double) -> String {
        let scaled = (x * 10000).rounded()
        let sign = scaled < 0 ? "-" : ""
        let a = Int(abs(scaled))
        let frac = String(a % 10000)
        return "\(sign)\(a / 10000).\(String(repeating: "0", count: 4 - frac.count))\(frac)"
    }
}

extension Array where Element == Edit {
    /// Appends the edits as a JSON array.
    public func appendJSON(to out: inout [UInt8]) {
        out.append(0x5B)
        for (i, e) in enumerated() {
            if i > 0 { out.append(0x2C) }
            e.appendJSON(to: &out)
        }
        out.append(0x5D)
    }
}
