/// A mutable trie over word ids, built once and then frozen into a `PhraseTrie`.
struct PhraseTrieBuilder {
    /// Children of each node, keyed by word id.
    var children: [[UInt32: UInt32]] = [[:]]
    /// Payload values attached to each node (a phrase ends there).
    var values: [[UInt32]] = [[]]

    /// Inserts a phrase of word ids with a payload value.
    mutating func insert(_ words: [UInt32], value: UInt32) {
        var node: UInt32 = 0
        for w in words {
            if let c = children[Int(node)][w] { node = c; continue }
            let c = UInt32(children.count)
            children.append([:]); values.append([])
            children[Int(node)][w] = c
            node = c
        }
        values[Int(node)].append(value)
    }

    /// Freezes into flat arrays; `vocabularySize` bounds the word ids.
    func freeze(vocabularySize: Int) -> PhraseTrie {
        var t = PhraseTrie()
        t.rootChild = .init(repeating: 0, count: vocabularySize)
        for (w, c) in children[0] { t.rootChild[Int(w)] = c }
        t.edgeStart.reserveCapacity(children.count + 1)
        t.valueStart.reserveCapacity(children.count + 1)
        for node in 0..<children.count {
            t.edgeStart.append(UInt32(t.edgeLabel.count))
            if node != 0 {
                for (w, c) in children[node].sorted(by: { $0.key < $1.key }) {
                    t.edgeLabel.append(w); t.edgeTarget.append(c)
                }
            }
            t.valueStart.append(UInt32(t.values.count))
            t.values.append(contentsOf: values[node])
        }
        t.edgeStart.append(UInt32(t.edgeLabel.count))
        t.valueStart.append(UInt32(t.values.count))
        t.indexSteps()
        return t
    }
}

/// A frozen phrase trie over word ids, in flat arrays (no object per node).
///
/// Node 0 is the root; its children are found by direct indexing on the word id, deeper
/// nodes keep sorted edge labels searched by binary search. Each node lists the payload
/// values of the phrases ending there.
public struct PhraseTrie: Sendable {
    @usableFromInline var rootChild: [UInt32] = []
    @usableFromInline var edgeStart: [UInt32] = []
    @usableFromInline var edgeLabel: [UInt32] = []
    @usableFromInline var edgeTarget: [UInt32] = []
    @usableFromInline var valueStart: [UInt32] = []
    @usableFromInline var values: [UInt32] = []
    /// Derived when the trie is built or loaded (never stored in the dictionary file): the
    /// step from the root along each word, and the edge table for the steps below the root
    /// (see `PhraseTrie+Steps.swift`).
    var rootStep: [UInt32] = []
    var edgeSlots: [UInt64] = []
    /// A key filter (`_KeyFilter`) over the edge table's keys: most steps below the root
    /// fail, and the filter, small enough to stay in cache, rules out most of them.
    var edgeFilter: [UInt64] = []
    var edgeKeyShift: UInt64 = 0
    var edgeWordBits: UInt64 = 0
    var edgeHashShift: UInt64 = 64

    /// The number of nodes, root included.
    public var nodeCount: Int { max(0, edgeStart.count - 1) }

    /// The child of `node` along `word`, or nil.
    /// - Complexity: O(1) at the root, O(log d) below it for a node with d children.
    @inlinable
    public func child(of node: UInt32, _ word: UInt32) -> UInt32? {
        if node == 0 {
            guard Int(word) < rootChild.count else { return nil }
            let c = rootChild[Int(word)]
            return c == 0 ? nil : c
        }
        var lo = Int(edgeStart[Int(node)]), hi = Int(edgeStart[Int(node) + 1])
        while lo < hi {
            let mid = (lo + hi) >> 1
            let l = edgeLabel[mid]
            if l == word { return edgeTarget[mid] }
            if l < word { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// The payload values of phrases ending at `node`.
    @inlinable
    public func values(at node: UInt32) -> ArraySlice<UInt32> {
        values[Int(valueStart[Int(node)])..<Int(valueStart[Int(node) + 1])]
    }

    /// Whether a phrase ends at `node`.
    @inlinable
    public func isTerminal(_ node: UInt32) -> Bool {
        valueStart[Int(node)] != valueStart[Int(node) + 1]
    }
}

/// A phrase found in a word sequence.
public struct PhraseMatch: Sendable, Equatable {
    /// Index of the first word in the sequence.
    public var start: Int
    /// Number of words matched.
    public var length: Int
    /// The trie node where the phrase ends.
    public var node: UInt32
}
