/// Steps through the trie for the matcher: a step is the node reached with two flags, so
/// that the matcher learns from one load whether a phrase ends there and whether one goes
/// on, without reading `valueStart` or `edgeStart`.
///
///     step = node << 2 | 2 (a phrase ends at node) | 1 (node has children);  0: no such node
///
/// The steps from the root are in `rootStep` (one per vocabulary word; the word table keeps a
/// copy in each entry); the steps below it in an open-addressing table of `UInt64` keyed by
/// (node, word): `(node << wordBits | word) << keyShift | step`, 0 for an empty slot (no key
/// is 0, as node 0, the root, has no edges there). Both are derived from the stored arrays
/// when the trie is built or loaded, in O(nodes + vocabulary).
extension PhraseTrie {
    /// The step flag for "a phrase ends at this node".
    static let stepTerminal: UInt32 = 2
    /// The step flag for "this node has children".
    static let stepHasChildren: UInt32 = 1

    /// The step to `node`, with its flags.
    func step(to node: UInt32) -> UInt32 {
        let n = Int(node)
        return Self.step(node, terminal: valueStart[n] != valueStart[n + 1], hasChildren: edgeStart[n] != edgeStart[n + 1])
    }

    /// A step: `node` and its two flags.
    @inline(__always)
    static func step(_ node: UInt32, terminal: Bool, hasChildren: Bool) -> UInt32 {
        node << 2 | (terminal ? stepTerminal : 0) | (hasChildren ? stepHasChildren : 0)
    }

    /// Fills `rootStep` and the edge table from the stored arrays; with `edgeTable` false (or
    /// when a key would not fit in 64 bits) steps below the root use `child(of:_:)` instead.
    /// Returns false when the arrays disagree (a corrupt file), leaving no index.
    /// - Complexity: O(nodes + vocabulary).
    @discardableResult
    mutating func indexSteps(edgeTable: Bool = true) -> Bool {
        rootStep = []
        edgeSlots = []
        edgeFilter = []
        let nodes = nodeCount
        guard nodes > 0 else { return true }
        guard nodes < 1 << 30, valueStart.count == edgeStart.count, edgeLabel.count == edgeTarget.count,
              Int(edgeStart[nodes]) == edgeLabel.count, Int(valueStart[nodes]) == values.count,
              edgeStart[0] == 0, nodes == 1 || edgeStart[1] == 0 else { return false }
        // The step to each node, checking on the way that the ranges are in order.
        var ordered = false
        let nodeStep = [UInt32](unsafeUninitializedCapacity: nodes) { out, initialized in
            ordered = edgeStart.withUnsafeBufferPointer { edgeStart in
                valueStart.withUnsafeBufferPointer { valueStart in
                    var disorder: UInt32 = 0
                    var e0 = edgeStart[0], v0 = valueStart[0]
                    for n in 0..<nodes {
                        let e1 = edgeStart[n &+ 1], v1 = valueStart[n &+ 1]
                        disorder |= (e0 > e1 ? 1 : 0) | (v0 > v1 ? 1 : 0)
                        out[n] = Self.step(UInt32(truncatingIfNeeded: n), terminal: v0 != v1, hasChildren: e0 != e1)
                        e0 = e1; v0 = v1
                    }
                    return disorder == 0
                }
            }
            initialized = nodes
        }
        guard ordered else { return false }
        let limit = UInt32(nodes)
        var steps = rootChild
        let inRange = nodeStep.withUnsafeBufferPointer { nodeStep in
            steps.withUnsafeMutableBufferPointer { steps in
                var bad = false
                for k in steps.indices {
                    let c = steps[k]
                    bad = bad || c >= limit
                    steps[k] = c == 0 || c >= limit ? 0 : nodeStep[Int(c)]
                }
                return !bad
            } && edgeTarget.withUnsafeBufferPointer { targets in
                var bad = false
                for c in targets { bad = bad || c &- 1 >= limit &- 1 }   // 0 or past the last node
                return !bad
            }
        }
        guard inRange else { return false }
        rootStep = steps
        // Bits of a word id (below `rootChild.count`) and of a step (a node and two flags).
        let wordBits = UInt64(Int.bitWidth - max(1, rootChild.count).leadingZeroBitCount)
        let stepBits = UInt64(Int.bitWidth - nodes.leadingZeroBitCount) + 2
        let keyBits = stepBits - 2 + wordBits
        guard edgeTable, keyBits + stepBits <= 64, !edgeLabel.isEmpty, nodes > 1 else { return true }
        var capacity = 16
        while capacity * 55 < edgeLabel.count * 100 { capacity *= 2 }   // at most 55% full
        let hashShift = UInt64(64 - capacity.trailingZeroBitCount)
        let mask = capacity - 1
        // The filter over the same keys, filled in the same pass: about 8 bits a key (128 kB
        // for the default data).
        let filterBlocks = _KeyFilter.blockCount(keys: edgeLabel.count, bitsPerKey: 8)
        var filterWords = [UInt64](repeating: 0, count: filterBlocks * 8)
        let slots = [UInt64](unsafeUninitializedCapacity: capacity) { slots, initialized in
            slots.initialize(repeating: 0)
            filterWords.withUnsafeMutableBufferPointer { filterWords in
            edgeStart.withUnsafeBufferPointer { edgeStart in
            edgeLabel.withUnsafeBufferPointer { edgeLabel in
            edgeTarget.withUnsafeBufferPointer { edgeTarget in
            nodeStep.withUnsafeBufferPointer { nodeStep in
                let memory = filterWords.baseAddress!
                let filter = _KeyFilter(blocks: UnsafePointer(memory), mask: filterBlocks - 1)
                for n in 1..<nodes {
                    for e in Int(edgeStart[n])..<Int(edgeStart[n &+ 1]) {
                        let key = UInt64(n) << wordBits | UInt64(edgeLabel[e])
                        var i = Int(truncatingIfNeeded: (key &* Self.edgeHashFactor) >> hashShift)
                        while slots[i] != 0 { i = (i &+ 1) & mask }
                        slots[i] = key << stepBits | UInt64(nodeStep[Int(edgeTarget[e])])
                        filter.insert(memory, Hashing.mix(key))
                    }
                }
            }
            }
            }
            }
            }
            initialized = capacity
        }
        edgeFilter = filterWords
        edgeSlots = slots
        edgeKeyShift = stepBits
        edgeWordBits = wordBits
        edgeHashShift = hashShift
        return true
    }

    /// The multiplier of the edge table's (Fibonacci) hash, whose top bits pick the slot.
    static let edgeHashFactor: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The step from the root along `word` (any id, `.max` included); 0 when none.
    /// - Complexity: O(1).
    func stepFromRoot(_ word: UInt32) -> UInt32 {
        Int(word) < rootStep.count ? rootStep[Int(word)] : 0
    }

    /// The step from `node` (not the root) along `word` (any id, `.max` included); 0 when
    /// none. Agrees with `child(of:_:)` and `step(to:)`.
    /// - Complexity: O(1) expected with the edge table, O(log d) without.
    func step(from node: UInt32, _ word: UInt32) -> UInt32 {
        guard Int(word) < rootStep.count else { return 0 }
        if edgeSlots.isEmpty { return child(of: node, word).map { step(to: $0) } ?? 0 }
        return edgeSlots.withUnsafeBufferPointer { slots in
            edgeFilter.withUnsafeBufferPointer { EdgeSteps(self, slots, $0).step(from: node, word) }
        }
    }

    /// The edge table as a pointer and its parameters, for loops that take many steps.
    struct EdgeSteps {
        let slots: UnsafePointer<UInt64>
        let mask: Int
        let keyShift: UInt64
        let wordBits: UInt64
        let hashShift: UInt64
        let stepMask: UInt64
        let filter: _KeyFilter

        /// A view of `trie`'s edge table and its filter, whose storage `slots` and `filter`
        /// are (and must outlive it).
        @inline(__always)
        init(_ trie: PhraseTrie, _ slots: UnsafeBufferPointer<UInt64>, _ filter: UnsafeBufferPointer<UInt64>) {
            self.slots = slots.baseAddress!
            self.filter = _KeyFilter(blocks: filter.baseAddress!, mask: filter.count / 8 &- 1)
            mask = slots.count &- 1
            keyShift = trie.edgeKeyShift
            wordBits = trie.edgeWordBits
            hashShift = trie.edgeHashShift
            stepMask = (1 << trie.edgeKeyShift) &- 1
        }

        /// The step from `node` (not the root) along `word`, a valid word id; 0 when none.
        /// - Complexity: O(1) expected: about 1.5 slots read for a miss, in one cache line.
        @inline(__always)
        func step(from node: UInt32, _ word: UInt32) -> UInt32 {
            let key = UInt64(node) << wordBits | UInt64(word)
            guard filter.mayContain(Hashing.mix(key)) else { return 0 }
            var i = Int(truncatingIfNeeded: (key &* PhraseTrie.edgeHashFactor) >> hashShift)
            while true {
                let e = slots[i]
                if e >> keyShift == key { return UInt32(truncatingIfNeeded: e & stepMask) }
                if e == 0 { return 0 }
                i = (i &+ 1) & mask
            }
        }
    }
}
