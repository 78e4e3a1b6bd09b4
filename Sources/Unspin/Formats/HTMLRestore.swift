// Restoring HTML in place: only text nodes change; every other byte is the input's.
extension Restorer {
    /// Restores the text of an HTML document in place (see `HTMLText` for what is read).
    ///
    /// The document's text is restored as one input (paragraphs at block elements), and each
    /// edit is written back over the source bytes it read: the replacement (with `&`, `<`, `>`
    /// escaped) goes where the phrase's first byte was, and any markup inside the phrase
    /// (`<b>a minimum</b> of` → `<b>at least</b>`) is kept, byte for byte, with the text
    /// between it dropped. An edit over a character reference is not made, so that every
    /// reference, tag, attribute, comment and skipped element body is copied unchanged.
    /// Edit ranges are byte offsets in the HTML; `spun` is the text read there.
    /// - Complexity: O(n) plus the restorer's cost on the text.
    public func restore(html: UnsafeBufferPointer<UInt8>) -> Restoration {
        Self.restore(html: html, using: restoreFunction)
    }

    /// Restores an HTML document in place with `restore` doing the text (see `restore(html:)`).
    /// - Complexity: O(n) plus `restore`'s cost on the text.
    public static func restore(html: UnsafeBufferPointer<UInt8>, using restore: RestoreFunction) -> Restoration {
        let page = HTMLText(html: html)
        let r = page.text.withUnsafeBufferPointer { restore($0) }
        var out: [UInt8] = []
        out.reserveCapacity(html.count + html.count / 32)
        var edits: [Edit] = []
        var copied = 0
        let source = page.source
        for e in r.edits {
            let a = e.range.lowerBound, b = e.range.upperBound
            guard a < b, (a..<b).allSatisfy({ source[$0] >= 0 }) else { continue }
            let start = source[a]
            out.append(contentsOf: UnsafeBufferPointer(rebasing: html[copied..<start]))
            Self.appendEscaped(e.replacement, to: &out)
            for k in (a + 1)..<b where source[k] != source[k - 1] + 1 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: html[(source[k - 1] + 1)..<source[k]]))
            }
            copied = source[b - 1] + 1
            var moved = e
            moved.range = start..<copied
            edits.append(moved)
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: html[copied..<html.count]))
        var result = Restoration(bytes: out, edits: edits)
        result.spunLogOdds = r.spunLogOdds
        result.words = r.words
        return result
    }

    /// Restores an HTML document (see `restore(html:)` on a buffer).
    public func restore(html: [UInt8]) -> Restoration {
        html.withUnsafeBufferPointer { restore(html: $0) }
    }

    /// Appends `text` as HTML text: `&`, `<` and `>` as references.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        for b in text.utf8 {
            switch b {
            case 0x26: out.append(contentsOf: Array("&amp;".utf8))
            case 0x3C: out.append(contentsOf: Array("&lt;".utf8))
            case 0x3E: out.append(contentsOf: Array("&gt;".utf8))
            default: out.append(b)
            }
        }
    }
}
