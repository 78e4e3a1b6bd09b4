/// The readable text of an HTML document, with a map from each byte of it back to the source.
///
/// Text nodes are read as text: inline markup (`<b>at</b> least` reads "at least") and
/// character references (`&nbsp;`, `&amp;`, `&#8217;`, decoded) do not split words. Block
/// elements (`p`, `div`, `li`, `h1`–`h6`, `br`, `td`, ...) are paragraph breaks (a blank line).
/// Nothing is read from tags, attributes, comments, `<!...>` and `<?...>` constructs, or the
/// bodies of `script`, `style`, `textarea` (and the other raw-text elements), `pre`, `code`,
/// `kbd`, `samp`, `svg` and `math`. Malformed markup never fails: a `<` that starts no tag is
/// text, and an unterminated construct runs to the end of the input.
public struct HTMLText: Sendable {
    /// The text read from the document (UTF-8 as far as the document is).
    public var text: [UInt8] = []
    /// Per byte of `text`: the offset of the source byte it copies, or, for a byte that stands
    /// for something else (a decoded character reference, a paragraph break at a block tag),
    /// `-1 - offset` of the start of that construct.
    public var source: [Int] = []
    /// The length of `text` after the last paragraph break (none twice in a row).
    var breakEnd = -1

    /// Reads the text of `html`.
    /// - Complexity: O(n).
    public init(html: UnsafeBufferPointer<UInt8>) {
        let n = html.count
        text.reserveCapacity(n / 2)
        source.reserveCapacity(n / 2)
        var skipDepth = 0
        var i = 0
        while i < n {
            let b = html[i]
            if b == 0x3C, let tag = HTMLText.markup(html, at: i) {
                if tag.block { paragraphBreak(at: i) }
                if tag.skip { skipDepth = tag.closing ? max(0, skipDepth - 1) : (tag.selfClosing ? skipDepth : skipDepth + 1) }
                i = tag.end
                if tag.raw && !tag.closing { i = HTMLText.rawTextEnd(html, from: i, name: tag.name) }
                continue
            }
            if b == 0x26, let ref = HTMLText.reference(html, at: i) {
                if skipDepth == 0 {
                    for byte in ref.bytes { text.append(byte); source.append(-1 - i) }
                }
                i = ref.end
                continue
            }
            if skipDepth == 0 { text.append(b); source.append(i) }
            i += 1
        }
    }

    /// Whether `text[k]` is a copy of a source byte (not a decoded reference or a break).
    @inline(__always) public func isCopied(_ k: Int) -> Bool { source[k] >= 0 }

    /// Appends a blank line standing for a block tag at `offset`, unless the text is empty or
    /// already ends with one.
    mutating func paragraphBreak(at offset: Int) {
        guard !text.isEmpty && breakEnd != text.count else { return }
        breakEnd = text.count + 2
        text.append(0x0A); source.append(-1 - offset)
        text.append(0x0A); source.append(-1 - offset)
    }

    /// A markup construct starting at `html[i] == '<'`.
    struct Tag {
        var end: Int
        var name: [UInt8] = []
        var closing = false, selfClosing = false
        var block = false, raw = false, skip = false
    }

    /// The construct at `i` (a tag, comment, `<!...>` or `<?...>`), or nil when the `<` is text.
    /// - Complexity: O(length of the construct).
    static func markup(_ h: UnsafeBufferPointer<UInt8>, at i: Int) -> Tag? {
        let n = h.count
        guard i + 1 < n else { return nil }
        let c = h[i + 1]
        if c == 0x21 {   // <!
            if i + 3 < n && h[i + 2] == 0x2D && h[i + 3] == 0x2D {
                var j = i + 4
                while j + 2 < n && !(h[j] == 0x2D && h[j + 1] == 0x2D && h[j + 2] == 0x3E) { j += 1 }
                return Tag(end: j + 2 < n ? j + 3 : n)
            }
            return Tag(end: find(h, 0x3E, from: i + 2))
        }
        if c == 0x3F { return Tag(end: find(h, 0x3E, from: i + 2)) }   // <?
        let closing = c == 0x2F
        let nameStart = closing ? i + 2 : i + 1
        guard nameStart < n, isLetter(h[nameStart]) else { return nil }
        var j = nameStart
        var tag = Tag(end: n)
        tag.closing = closing
        while j < n && !isSpace(h[j]) && h[j] != 0x2F && h[j] != 0x3E {
            tag.name.append(h[j] | (h[j] >= 0x41 && h[j] <= 0x5A ? 0x20 : 0))
            j += 1
        }
        // Attributes: quoted values may hold '>'.
        var quote: UInt8 = 0
        while j < n {
            let b = h[j]
            if quote != 0 { if b == quote { quote = 0 } } else if b == 0x22 || b == 0x27 { quote = b } else if b == 0x3E { break }
            j += 1
        }
        tag.end = j < n ? j + 1 : n
        tag.selfClosing = j < n && j > nameStart && h[j - 1] == 0x2F
        let name = tag.name
        tag.block = blockElements.contains(name)
        tag.raw = rawTextElements.contains(name)
        tag.skip = skippedElements.contains(name)
        return tag
    }

    /// Where the raw text of element `name` that starts at `i` ends: at its closing tag
    /// (matched case-insensitively), or the end of the input.
    static func rawTextEnd(_ h: UnsafeBufferPointer<UInt8>, from i: Int, name: [UInt8]) -> Int {
        let n = h.count
        if name == Array("plaintext".utf8) { return n }
        var j = i
        while j + 1 + name.count < n {
            if h[j] == 0x3C && h[j + 1] == 0x2F {
                var k = 0
                while k < name.count && (h[j + 2 + k] | 0x20) == name[k] { k += 1 }
                if k == name.count {
                    let after = j + 2 + k
                    if after >= n || isSpace(h[after]) || h[after] == 0x2F || h[after] == 0x3E { return j }
                }
            }
            j += 1
        }
        return n
    }

    /// The first `byte` at or after `from`, plus one; the end of the input when there is none.
    static func find(_ h: UnsafeBufferPointer<UInt8>, _ byte: UInt8, from: Int) -> Int {
        var j = from
        while j < h.count && h[j] != byte { j += 1 }
        return j < h.count ? j + 1 : h.count
    }

    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D }

    static let blockElements: Set<[UInt8]> = Set([
        "address", "article", "aside", "blockquote", "body", "br", "button", "caption", "center", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img", "input", "label", "legend", "li",
        "main", "menu", "nav", "noscript", "ol", "option", "p", "pre", "script", "section", "select", "style",
        "summary", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title", "tr", "ul",
        "video", "audio", "object", "embed", "canvas", "svg", "math",
    ].map { Array($0.utf8) })
    static let rawTextElements: Set<[UInt8]> = Set(["script", "style", "textarea", "xmp", "iframe", "noembed",
                                                    "noframes", "plaintext"].map { Array($0.utf8) })
    static let skippedElements: Set<[UInt8]> = Set(["pre", "code", "kbd", "samp", "svg", "math"].map { Array($0.utf8) })
}
