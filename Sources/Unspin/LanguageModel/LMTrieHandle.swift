/// One order of a compact image (see `LMTrieLayout`): bit-packed records read in place.
/// Part of `_LMTrieHandle`'s pointer work: a borrowed view that never allocates; every read
/// stays inside the array whatever the data holds.
struct _LMTrieLevel: @unchecked Sendable {
    let base: UnsafeRawPointer
    /// Entries (without the sentinel).
    let count: Int
    let stride: Int
    let wordMask: UInt64
    let probShift: Int, probMask: UInt64
    let backoffShift: Int, backoffMask: UInt64
    let pointerShift: Int, pointerMask: UInt64
    let probs: UnsafePointer<Float>
    let backoffs: UnsafePointer<Float>
    /// Entries of the next order (to clamp child ranges), 0 for the highest order.
    let childCount: Int
    /// The word of every 16th entry (`LMTrieLayout.sampleShift`).
    let samples: UnsafePointer<UInt32>

    /// An empty level (for orders above the model's).
    static let empty = _LMTrieLevel(base: UnsafeRawPointer(_LMHandle.passAll), count: 0, widths: .init(),
                                    probs: UnsafePointer(_LMTrieLevel.zeros), backoffs: UnsafePointer(_LMTrieLevel.zeros), childCount: 0)
    nonisolated(unsafe) static let zeros: UnsafeMutablePointer<Float> = {
        let p = UnsafeMutablePointer<Float>.allocate(capacity: 2)
        p.initialize(repeating: 0, count: 2)
        return p
    }()

    init(base: UnsafeRawPointer, count: Int, widths w: LMTrieLayout.Widths, probs: UnsafePointer<Float>, backoffs: UnsafePointer<Float>, childCount: Int) {
        self.base = base; self.count = count; self.stride = w.stride
        wordMask = (1 << UInt64(w.word)) &- 1
        probShift = w.word; probMask = (1 << UInt64(w.prob)) &- 1
        backoffShift = w.word + w.prob; backoffMask = (1 << UInt64(w.backoff)) &- 1
        pointerShift = w.word + w.prob + w.backoff; pointerMask = (1 << UInt64(w.pointer)) &- 1
        self.probs = probs; self.backoffs = backoffs; self.childCount = childCount
        let records = count + (w.pointer > 0 ? 1 : 0)
        samples = (base + LMTrieLayout.samplesOffset(records: records, stride: w.stride)).assumingMemoryBound(to: UInt32.self)
    }

    /// The 64 bits from bit `bit` of the array on.
    @inline(__always)
    func bits(_ bit: Int) -> UInt64 {
        base.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self) &>> UInt64(bit & 7)
    }

    /// The word id of entry `i`.
    @inline(__always)
    func word(_ i: Int) -> UInt64 { bits(i &* stride) & wordMask }

    /// The log10 probability of entry `i`.
    @inline(__always)
    func prob(_ i: Int) -> Float { probs[Int(truncatingIfNeeded: bits(i &* stride &+ probShift) & probMask)] }

    /// The backoff code of entry `i` (`LMTrieLayout.noExtensionCode` when out of range).
    @inline(__always)
    func backoffCode(_ i: UInt32) -> UInt64 {
        guard Int(i) < count else { return LMTrieLayout.noExtensionCode }
        return bits(Int(i) &* stride &+ backoffShift) & backoffMask
    }

    /// The backoff of entry `i` (0 when out of range).
    @inline(__always)
    func backoff(_ i: UInt32) -> Float { backoffs[Int(truncatingIfNeeded: backoffCode(i))] }

    /// The first child (in the next order) of entry `i`, `0 ... count` (sentinel included).
    @inline(__always)
    func child(_ i: Int) -> Int { Int(truncatingIfNeeded: bits(i &* stride &+ pointerShift) & pointerMask) }

    /// The entries of the next order that extend entry `i`, clamped to that order's array
    /// (empty when `i` is out of range or the data is damaged).
    @inline(__always)
    func children(_ i: UInt32) -> Range<Int> {
        guard Int(i) < count else { return 0..<0 }
        let b = min(child(Int(i) &+ 1), childCount)
        return min(child(Int(i)), b)..<b
    }

    /// `UnsafePointer<_LMTrieLevel>.find` in a range of 32 entries or more, out of line
    /// (with the level's fields as arguments, so that the caller keeps its registers).
    @inline(never)
    static func findLong(_ base: UnsafeRawPointer, _ stride: Int, _ wordMask: UInt64, _ samples: UnsafePointer<UInt32>,
                         _ start: Int, _ end: Int, _ key: UInt32) -> Int {
        let shift = LMTrieLayout.sampleShift
        // Samples ja ... jb lie inside the range (sample j is entry j << shift); 32 entries
        // or more make them at least two.
        let ja = (start &+ (1 << shift) &- 1) &>> shift, jb = (end &- 1) &>> shift
        // The last sample at or below the key (ja - 1 when none is: the block before ja).
        var j = ja &+ scale(key, jb &- ja &+ 1)
        if samples[j] <= key {
            while j < jb && samples[j &+ 1] <= key { j &+= 1 }
        } else {
            repeat { j &-= 1 } while j >= ja && samples[j] > key
        }
        // The block: entries from sample j (or the range's start) to sample j + 1 (or its end).
        let lo = j >= ja ? j &<< shift : start
        let hi = j < jb ? (j &+ 1) &<< shift : end
        guard lo < hi else { return -1 }  // below the first sample, at the range's start
        let kLo = j >= ja ? samples[j] : 0
        let span = UInt64(j < jb ? samples[j &+ 1] : UInt32.max) &- UInt64(kLo) &+ 1
        let guess = lo &+ Int(truncatingIfNeeded: (UInt64(key &- kLo) &* UInt64(hi &- lo)) / span)
        return search(base, stride, wordMask, lo, hi, from: guess, key)
    }

    /// `key × n / 2^32`: where among `n` evenly spread keys `key` would be (0 ..< n).
    @inline(__always)
    static func scale(_ key: UInt32, _ n: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(key) &* UInt64(truncatingIfNeeded: n)) &>> 32)
    }

    /// The entry among `start ..< end` (in key order) of the records at `base` (`stride`
    /// bits each, words under `wordMask`) whose key is `key`, or -1: a walk from `guess`
    /// (`start ≤ guess < end`) towards the key.
    /// - Complexity: O(|guess - the key's place|) reads.
    @inline(__always)
    static func search(_ base: UnsafeRawPointer, _ stride: Int, _ wordMask: UInt64,
                       _ start: Int, _ end: Int, from guess: Int, _ key: UInt32) -> Int {
        @inline(__always) func keyAt(_ i: Int) -> UInt32 {
            let bit = i &* stride
            let word = base.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self) &>> UInt64(bit & 7) & wordMask
            return LMTrieLayout.key(UInt32(truncatingIfNeeded: word))
        }
        var i = guess
        var k = keyAt(i)
        if k < key {
            repeat {
                i &+= 1
                if i >= end { return -1 }
                k = keyAt(i)
            } while k < key
        } else {
            while k > key && i > start {
                i &-= 1
                k = keyAt(i)
            }
        }
        return k == key ? i : -1
    }
}

/// The reads of the query path, through a pointer to a level: each reads the fields it
/// needs where it needs them (a copy of the level would load all a dozen at once, and keep
/// them in registers or spill them). The same arithmetic as `_LMTrieLevel`'s methods.
extension UnsafePointer where Pointee == _LMTrieLevel {
    @inline(__always)
    func bits(_ bit: Int) -> UInt64 {
        pointee.base.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self) &>> UInt64(bit & 7)
    }

    @inline(__always)
    func prob(_ i: Int) -> Float {
        pointee.probs[Int(truncatingIfNeeded: bits(i &* pointee.stride &+ pointee.probShift) & pointee.probMask)]
    }

    @inline(__always)
    func backoffCode(_ i: UInt32) -> UInt64 {
        guard Int(i) < pointee.count else { return LMTrieLayout.noExtensionCode }
        return bits(Int(i) &* pointee.stride &+ pointee.backoffShift) & pointee.backoffMask
    }

    @inline(__always)
    func backoff(_ i: UInt32) -> Float { pointee.backoffs[Int(truncatingIfNeeded: backoffCode(i))] }

    @inline(__always)
    func children(_ i: UInt32) -> Range<Int> {
        guard Int(i) < pointee.count else { return 0..<0 }
        let stride = pointee.stride, shift = pointee.pointerShift, mask = pointee.pointerMask
        let at = Int(i) &* stride &+ shift
        let b = Swift.min(Int(truncatingIfNeeded: bits(at &+ stride) & mask), pointee.childCount)
        return Swift.min(Int(truncatingIfNeeded: bits(at) & mask), b)..<b
    }

    /// The entry among `range` whose word has key `key` (`LMTrieLayout.key`), or -1. Keys
    /// spread evenly over UInt32, so the entry's place is guessed from its key: in a range
    /// of fewer than 32 entries directly (inline: the usual case), in a longer one
    /// (`_LMTrieLevel.findLong`) from the samples (a small array, in cache for the contexts
    /// queried most) found by the same guess and a walk, and then within the block of 16
    /// entries between two samples. A walk from the guess finishes (`_LMTrieLevel.search`).
    /// Entries are in key order.
    /// - Complexity: O(1) expected sample and record reads (keys are uniform), O(range.count) at worst.
    @inline(__always)
    func find(_ range: Range<Int>, key: UInt32) -> Int {
        let start = range.lowerBound, end = range.upperBound
        let n = end &- start
        guard n > 0 else { return -1 }
        if n < 32 {
            return _LMTrieLevel.search(pointee.base, pointee.stride, pointee.wordMask, start, end,
                                       from: start &+ _LMTrieLevel.scale(key, n), key)
        }
        return _LMTrieLevel.findLong(pointee.base, pointee.stride, pointee.wordMask, pointee.samples, start, end, key)
    }

    @inline(__always)
    func search(_ start: Int, _ end: Int, from guess: Int, _ key: UInt32) -> Int {
        _LMTrieLevel.search(pointee.base, pointee.stride, pointee.wordMask, start, end, from: guess, key)
    }

    /// Prefetches the record of entry `i`.
    @inline(__always)
    func prefetch(_ i: Int) { _prefetch(pointee.base + (i &* pointee.stride) &>> 3, 0, 3, 1) }
}

/// A pointer to a trie handle that lives as long as the model's storage (or forever).
struct _LMTriePointer: @unchecked Sendable {
    let p: UnsafePointer<_LMTrieHandle>
}

/// Reads a compact (version 2) image: the unigram child ranges and the levels of orders 2...5.
/// Vocabulary and unigrams are shared with version 1 and read through `_LMHandle`.
@usableFromInline
struct _LMTrieHandle: @unchecked Sendable {
    let order: Int
    let vocabCount: UInt32
    let unk: UInt32
    let unigrams: UnsafePointer<Float>
    let children: UnsafePointer<UInt32>
    let buckets: UnsafePointer<UInt32>
    /// Orders 2...5 (index n - 2), allocated by `init(_:)` and freed by `deallocate`. Behind
    /// a pointer so that the handle stays small: a query reads the few fields of a level it
    /// uses where it uses them, instead of copying four levels of a dozen fields into
    /// registers (and spilling them) on entry.
    let levels: UnsafePointer<_LMTrieLevel>
    var l2: _LMTrieLevel { levels[0] }
    var l3: _LMTrieLevel { levels[1] }
    var l4: _LMTrieLevel { levels[2] }
    var l5: _LMTrieLevel { levels[3] }
    /// Orders 2...5 by pointer (the query path's reads).
    var lv2: UnsafePointer<_LMTrieLevel> { levels }
    var lv3: UnsafePointer<_LMTrieLevel> { levels + 1 }
    var lv4: UnsafePointer<_LMTrieLevel> { levels + 2 }
    var lv5: UnsafePointer<_LMTrieLevel> { levels + 3 }

    /// A handle of no model (every range empty), for version 1 images.
    init() {
        order = 0; vocabCount = 0; unk = 0
        unigrams = UnsafePointer(_LMTrieLevel.zeros)
        children = UnsafeRawPointer(_LMTrieLevel.zeros).assumingMemoryBound(to: UInt32.self)
        buckets = children
        levels = UnsafePointer(Self.emptyLevels)
    }
    nonisolated(unsafe) static let emptyLevels: UnsafeMutablePointer<_LMTrieLevel> = {
        let p = UnsafeMutablePointer<_LMTrieLevel>.allocate(capacity: 4)
        p.initialize(repeating: .empty, count: 4)
        return p
    }()

    /// Frees the levels of a handle made by `init(_:)`.
    func deallocate() {
        guard levels != UnsafePointer(Self.emptyLevels) else { return }
        let p = UnsafeMutablePointer(mutating: levels)
        p.deinitialize(count: 4)
        p.deallocate()
    }

    /// The handle of no model, shared by every version 1 model.
    nonisolated(unsafe) static let none: UnsafeMutablePointer<_LMTrieHandle> = {
        let p = UnsafeMutablePointer<_LMTrieHandle>.allocate(capacity: 1)
        p.initialize(to: _LMTrieHandle())
        return p
    }()

    /// Reads the section pointers of an image whose header and bounds were already checked.
    init(_ base: UnsafeRawPointer) {
        func u32(_ o: Int) -> UInt32 { base.loadUnaligned(fromByteOffset: o, as: UInt32.self) }
        func u64(_ o: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: o, as: UInt64.self) }
        order = Int(u32(LMLayout.oOrder))
        vocabCount = u32(LMLayout.oVocabCount)
        unk = u32(LMLayout.oUnk)
        unigrams = (base + Int(u64(LMLayout.oSections + 24))).assumingMemoryBound(to: Float.self)
        children = (base + Int(u64(LMTrieLayout.oChildren))).assumingMemoryBound(to: UInt32.self)
        buckets = (base + Int(u64(LMTrieLayout.oBuckets))).assumingMemoryBound(to: UInt32.self)
        let widths = Self.widths(base)
        var book = (base + Int(u64(LMTrieLayout.oCodebooks))).assumingMemoryBound(to: Float.self)
        var levels = [_LMTrieLevel](repeating: .empty, count: 6)
        for n in Swift.stride(from: 2, through: order, by: 1) {
            let probs = UnsafePointer(book)
            book += 1 << widths[n].prob
            var backoffs = UnsafePointer(_LMTrieLevel.zeros)
            if n < order { backoffs = UnsafePointer(book); book += 1 << widths[n].backoff }
            let count = Int(u64(LMLayout.oCounts + 8 * (n - 1)))
            let next = n < order ? Int(u64(LMLayout.oCounts + 8 * n)) : 0
            levels[n] = _LMTrieLevel(base: base + Int(u64(LMLayout.oSections + 8 * (n + 2))), count: count,
                                     widths: widths[n], probs: probs, backoffs: backoffs, childCount: next)
        }
        let p = UnsafeMutablePointer<_LMTrieLevel>.allocate(capacity: 4)
        p.initialize(from: Array(levels[2...5]), count: 4)
        self.levels = UnsafePointer(p)
    }

    /// The field widths of orders 2...5 (index n) from the header.
    static func widths(_ base: UnsafeRawPointer) -> [LMTrieLayout.Widths] {
        var out = [LMTrieLayout.Widths](repeating: .init(), count: 6)
        for n in 2...5 {
            func b(_ k: Int) -> Int { Int(base.load(fromByteOffset: LMTrieLayout.oBits + 4 * (n - 2) + k, as: UInt8.self)) }
            out[n] = .init(word: b(0), prob: b(1), backoff: b(2), pointer: b(3))
        }
        return out
    }

    /// Order `n` (2...5).
    @inline(__always)
    func level(_ n: Int) -> _LMTrieLevel { levels[min(max(n, 2), 5) &- 2] }

    /// The bigrams that extend word `w` (empty when out of range).
    @inline(__always)
    func unigramChildren(_ w: UInt32) -> Range<Int> {
        guard w < vocabCount else { return 0..<0 }
        let b = min(Int(children[Int(w) &+ 1]), lv2.pointee.count)
        return min(Int(children[Int(w)]), b)..<b
    }

    /// The bigram (`previous`, `w`), or -1: a walk in the one bucket of `previous`'s bigrams
    /// that can hold `w` (see `LMTrieLayout.bucketSlots`), all of them when fewer than 32,
    /// from where the key would be were the bucket's keys spread evenly over its key range
    /// (`_LMTrieLevel.search`).
    /// - Complexity: O(1) reads of the buckets, O(1) record reads expected.
    @inline(__always)
    func findBigram(_ previous: UInt32, key: UInt32) -> Int {
        let (start, end, guess) = bigramSearch(previous, key: key, prefetch: true)
        guard start < end else { return -1 }
        return lv2.search(start, end, from: guess, key)
    }

    /// Where the search for the bigram (`previous`, word of key `key`) walks: the entries
    /// `start ..< end` (empty when there is no such bigram) and the entry it starts from.
    @inline(__always)
    func bigramSearch(_ previous: UInt32, key: UInt32, prefetch: Bool) -> (start: Int, end: Int, guess: Int) {
        let r = unigramChildren(previous)
        let shift = LMTrieLayout.sampleShift
        let k = (r.upperBound &>> shift) &- (r.lowerBound &>> shift)
        var start = r.lowerBound, end = r.upperBound
        // Where the bigram would be were the keys spread evenly: starts loading that
        // record while the bucket bounds load.
        let guess = start &+ _LMTrieLevel.scale(key, r.count)
        guard k > 1 else { return (start, end, guess) }  // one bucket is the whole range
        if prefetch { lv2.prefetch(guess) }
        // The bucket, and the key's place in the bucket's key range (the low half of
        // key × k, whose high half is the bucket).
        let product = UInt64(key) &* UInt64(truncatingIfNeeded: k)
        let slot = (r.lowerBound &>> shift) &+ Int(previous) &+ Int(truncatingIfNeeded: product &>> 32)
        // Clamped to the range, whatever the data holds.
        end = max(start, min(end, Int(buckets[slot &+ 1])))
        start = max(start, min(end, Int(buckets[slot])))
        return (start, end, start &+ _LMTrieLevel.scale(UInt32(truncatingIfNeeded: product), end &- start))
    }

    /// Whether context `i` of order `n` (1 = word id) extends to nothing and backs off by 0.
    @inline(__always)
    func dropsOut(_ n: Int, _ i: UInt32) -> Bool {
        if n == 1 { return i >= vocabCount || unigrams[Int(i) &* 2 &+ 1].bitPattern == LMLayout.noExtension }
        return (levels + (Swift.min(Swift.max(n, 2), 5) &- 2)).backoffCode(i) == LMTrieLayout.noExtensionCode
    }

    /// The backoff of context `i` of order `n` (1 = word id); 0 when out of range.
    @inline(__always)
    func backoff(_ n: Int, _ i: UInt32) -> Float {
        if n == 1 { return i < vocabCount ? unigrams[Int(i) &* 2 &+ 1] : 0 }
        return (levels + (Swift.min(Swift.max(n, 2), 5) &- 2)).backoff(i)
    }

    /// Prefetches the record where the search for the bigram (`previous`, `word`) starts
    /// (reading the bucket bounds, which the search would read first).
    @inline(__always)
    func warm(_ previous: UInt32, _ word: UInt32) {
        let w = word < vocabCount ? word : unk
        let (start, end, guess) = bigramSearch(previous, key: LMTrieLayout.key(w), prefetch: false)
        if start < end { lv2.prefetch(guess) }
    }

    /// log10 P(word | state) with standard backoff, and the minimal next state (the same
    /// arithmetic as `_LMHandle.scoreAnyOrder`, with the trie's entry indices in the state).
    ///
    /// Each order's search reads only the state, so the searches do not wait on each other;
    /// a model stores every prefix of its n-grams, so the first miss ends the match.
    /// - Complexity: O(order × log(children)) reads, no allocation.
    @inline(__always)
    func score(_ state: LMState, _ word: UInt32, next: inout LMState) -> Float {
        let w = word < vocabCount ? word : unk
        var p = unigrams[Int(w) &* 2]
        let m = min(Int(state.length), order &- 1)
        var out = LMState()
        out.w0 = w
        let key = LMTrieLayout.key(w)
        // The child ranges of the longer contexts first: they depend on the state alone, so
        // their reads overlap the bigram search's.
        let r3 = m > 1 ? lv2.children(state.w1) : 0..<0
        let r4 = m > 2 ? lv3.children(state.w2) : 0..<0
        var j = 0
        if m > 0, case let s2 = findBigram(state.w0, key: key), s2 >= 0 {
            p = lv2.prob(s2); j = 1; out.w1 = UInt32(truncatingIfNeeded: s2)
            if m > 1, case let s3 = lv3.find(r3, key: key), s3 >= 0 {
                p = lv3.prob(s3); j = 2; out.w2 = UInt32(truncatingIfNeeded: s3)
                if m > 2, case let s4 = lv4.find(r4, key: key), s4 >= 0 {
                    p = lv4.prob(s4); j = 3; out.w3 = UInt32(truncatingIfNeeded: s4)
                    if m > 3, case let s5 = lv5.find(lv4.children(state.w3), key: key), s5 >= 0 { p = lv5.prob(s5); j = 4 }
                }
            }
        }
        if j < m {
            if j == 0 { p += backoff(1, state.w0) }
            if j <= 1 && m > 1 { p += lv2.backoff(state.w1) }
            if j <= 2 && m > 2 { p += lv3.backoff(state.w2) }
            if m > 3 { p += lv4.backoff(state.w3) }
        }
        var len = min(j &+ 1, order &- 1)
        if len < 4 { out.w3 = 0 }
        if len < 3 { out.w2 = 0 }
        if len < 2 { out.w1 = 0 }
        if len == 4 && dropsOut(4, out.w3) { len = 3; out.w3 = 0 }
        if len == 3 && dropsOut(3, out.w2) { len = 2; out.w2 = 0 }
        if len == 2 && dropsOut(2, out.w1) { len = 1; out.w1 = 0 }
        if len == 1 && dropsOut(1, out.w0) { len = 0; out.w0 = 0 }
        out.length = UInt8(truncatingIfNeeded: len)
        next = out
        return p
    }
}
