import Foundation

/// The language-model queries of the current input, remembered: a query the decoder makes
/// again within one input (the same state and word: the same words read again around
/// another island, a candidate's later words after other readings, the second pass over a
/// sparsely spun text, the ambiguity check and the confidences, which score readings the
/// search scored already) is answered from here, with the same score and state.
///
/// Direct-mapped, `1 << bits` slots of one cache line each (256 kB), small enough to stay
/// in a core's L2 cache: a slot holds the last query that hashed to it. Every slot is tagged
/// with the input it was filled for (`startInput` moves on to the next tag), so nothing carries
/// over from one input to the next and nothing needs clearing between inputs. Scores are a
/// pure function of (state, word), so answers are the model's exactly.
final class _QueryMemo {
    struct Slot {
        var state: LMState
        var word: UInt32
        var input: UInt32
        var score: Float
        var next: LMState
        var pad: (UInt32, UInt32, UInt32) = (0, 0, 0)
    }
    static let bits = 12
    let slots: UnsafeMutablePointer<Slot>
    /// The current input's tag (never 0, the tag of empty slots).
    private(set) var input: UInt32 = 1

    init() {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<Slot>.stride << Self.bits, alignment: 64)
        slots = raw.bindMemory(to: Slot.self, capacity: 1 << Self.bits)
        slots.initialize(repeating: Slot(state: LMState(), word: 0, input: 0, score: 0, next: LMState()), count: 1 << Self.bits)
    }

    deinit { UnsafeMutableRawPointer(slots).deallocate() }

    /// Forgets every query (of the previous input).
    /// - Complexity: O(1), O(slots) once every 2^32 inputs.
    func startInput() {
        input &+= 1
        if input == 0 {
            for i in 0..<(1 << Self.bits) { slots[i].input = 0 }
            input = 1
        }
    }

    /// The slot of (`state`, `word`).
    @inline(__always)
    static func slot(_ state: LMState, _ word: UInt32) -> Int {
        var x = UInt64(state.w0) | UInt64(word) << 32
        x ^= (UInt64(state.w1) | UInt64(state.length) << 32) &* 0x9E37_79B9_7F4A_7C15
        x ^= (UInt64(state.w2) | UInt64(state.w3) << 32) &* 0xC2B2_AE3D_27D4_EB4F
        x = (x ^ (x &>> 29)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: x &>> UInt64(64 - bits))
    }
}

/// The memo's slots and current tag, held in locals by the decoder's loops.
struct _Memo {
    let slots: UnsafeMutablePointer<_QueryMemo.Slot>
    let input: UInt32
    /// Off: every query goes to the model (for tests).
    let on: Bool

    init(_ memo: _QueryMemo, on: Bool) { slots = memo.slots; input = memo.input; self.on = on }

    /// `model.score(state, word, next: &next)`, from the memo when this input asked it before.
    @inline(__always)
    func score<LM: LanguageModel>(_ model: LM, _ state: LMState, _ word: UInt32, next: inout LMState) -> Float {
        guard on else { return model.score(state, word, next: &next) }
        let p = slots + _QueryMemo.slot(state, word)
        if p.pointee.input == input && p.pointee.word == word && p.pointee.state == state {
            next = p.pointee.next
            return p.pointee.score
        }
        let s = model.score(state, word, next: &next)
        p.pointee.state = state
        p.pointee.word = word
        p.pointee.input = input
        p.pointee.score = s
        p.pointee.next = next
        return s
    }
}
