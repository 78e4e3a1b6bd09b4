import Foundation

/// How the decoder's evidence becomes calibrated odds that a text is spun, per input and per
/// paragraph.
///
/// The decoder measures, over every island of candidates, log10 of how much better the words
/// are explained as spun than as written (`evidence`). That likelihood ratio is built from
/// per-word channel probabilities that are only roughly right for a given spinner, and its
/// errors are correlated across words, so it is calibrated by a logistic model fitted on
/// spun and clean documents of several kinds (`scripts/fit-calibration.py`):
///
///     log10 odds(input is spun) = intercept + evidence · E + words · N
///
/// with E the input's evidence and N its words. Within an input judged spun, a paragraph
/// (a line) whose own evidence says it is written as it stands keeps its words: its odds of
/// being spun, given that the input is, are `paragraph + evidence · E_p + words · N_p`
/// (`paragraph` is the log10 prior odds that a paragraph of a spun input is spun), and its
/// edits are made only when P(input spun) · P(paragraph spun | input spun) > 1/2.
/// `paragraph = +∞` turns the paragraph check off.
///
/// With a neighbour table (`RestorerOptions.neighbours`, used by `unspin detect`), the
/// spinner-agnostic counts of `NeighbourCounts` add to the input's log odds:
///
///     + fits · K + misfits · M + checked · C + advantage · A
///     + fitsZ · K/√C + misfitsZ · M/√C + advantageZ · A/√C + checkedRoot · √C + meanAdvantage · A/C
///
/// (K words whose neighbour the model prefers, M misfits, C words checked, A the summed clipped
/// advantage: the /√C forms grow with the square root of the text's length, as a sum of noisy
/// per-word evidence does), `evidenceTanh · tanh(E/20)` for the saturating part of E,
/// `unknownZ · U/√C` (U words unknown to the model) and `meanLogProb · S/T` (S the written text's
/// log10 probability over its T tokens). All these weights are 0 in a calibration without them, and the counts are 0
/// without a table, so restore's odds do not change.
public struct SpinCalibration: Sendable, Equatable {
    public var intercept: Double
    /// Weight of the evidence (log10 likelihood ratio).
    public var evidence: Double
    /// Weight per word of the input (or paragraph).
    public var words: Double
    /// log10 prior odds that a paragraph of a spun input is spun; `.infinity`: every one is.
    public var paragraph: Double
    /// Weights of the neighbour counts (see above).
    public var fits = 0.0, misfits = 0.0, checked = 0.0, advantage = 0.0
    public var fitsZ = 0.0, misfitsZ = 0.0, advantageZ = 0.0, checkedRoot = 0.0, meanAdvantage = 0.0
    /// Weights of the words unknown to the model (U/√C) and of the mean log10 probability per
    /// token of the text as written.
    public var unknownZ = 0.0, meanLogProb = 0.0
    /// Weights of the strong islands S (`NeighbourCounts.strongIslands`): per island, and once
    /// for any.
    public var strongIslands = 0.0, anyStrong = 0.0
    /// Weight of tanh(E / 20): the evidence's saturating part (a long spun text's E grows
    /// without bound; the odds it stands for do not).
    public var evidenceTanh = 0.0

    /// The uncalibrated rule: odds = evidence, every paragraph of a spun input restored.
    public static let identity = SpinCalibration(intercept: 0, evidence: 1, words: 0, paragraph: .infinity)

    public init(intercept: Double, evidence: Double, words: Double, paragraph: Double) {
        self.intercept = intercept; self.evidence = evidence; self.words = words; self.paragraph = paragraph
    }

    /// Parses `intercept=A,evidence=B,words=C,paragraph=D` (any subset, in any order, separated
    /// by commas or spaces; the others stay as in `identity`).
    /// - Throws: a message naming the part that is not `KEY=NUMBER` with a known key.
    public init(parsing text: String) throws {
        self = .identity
        for part in text.split(whereSeparator: { $0 == "," || $0 == " " }) {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, let v = Double(kv[1]) else {
                throw CalibrationError(message: "expected KEY=NUMBER, found '\(part)'")
            }
            switch kv[0] {
            case "intercept": intercept = v
            case "evidence": evidence = v
            case "words": words = v
            case "paragraph": paragraph = v
            case "fits": fits = v
            case "misfits": misfits = v
            case "checked": checked = v
            case "advantage": advantage = v
            case "fitsZ": fitsZ = v
            case "misfitsZ": misfitsZ = v
            case "advantageZ": advantageZ = v
            case "checkedRoot": checkedRoot = v
            case "meanAdvantage": meanAdvantage = v
            case "evidenceTanh": evidenceTanh = v
            case "unknownZ": unknownZ = v
            case "meanLogProb": meanLogProb = v
            case "strongIslands": strongIslands = v
            case "anyStrong": anyStrong = v
            default: throw CalibrationError(message: "unknown key '\(kv[0])' (intercept, evidence, words, paragraph, fits, misfits, checked, advantage, fitsZ, misfitsZ, advantageZ, checkedRoot, meanAdvantage, evidenceTanh, unknownZ, meanLogProb, strongIslands, anyStrong)")
            }
        }
    }

    /// log10 odds that an input with this evidence and this many words is spun.
    /// - Complexity: O(1).
    @inline(__always)
    public func logOdds(evidence e: Float, words n: Int) -> Float {
        Float(intercept + evidence * Double(e) + words * Double(n))
    }

    /// log10 odds that an input with this evidence, this many words and these neighbour counts
    /// is spun.
    /// - Complexity: O(1).
    @inline(__always)
    public func logOdds(evidence e: Float, words n: Int, neighbours c: NeighbourCounts) -> Float {
        var x = intercept + evidence * Double(e) + words * Double(n) + evidenceTanh * tanh(Double(e) / 20)
        if c.checked > 0 {
            let k = Double(c.fits), m = Double(c.misfits), a = Double(c.advantage), checked = Double(c.checked)
            let root = checked.squareRoot()
            x += fits * k + misfits * m + self.checked * checked + advantage * a
                + fitsZ * k / root + misfitsZ * m / root + advantageZ * a / root + checkedRoot * root
                + meanAdvantage * a / checked + unknownZ * Double(c.unknown) / root
        }
        if c.units > 0 { x += meanLogProb * Double(c.logProb) / Double(c.units) }
        if c.strongIslands > 0 { x += strongIslands * Double(c.strongIslands) + anyStrong }
        return Float(x)
    }

    /// log10 odds that a paragraph is spun, given that its input is.
    /// - Complexity: O(1).
    @inline(__always)
    public func paragraphLogOdds(evidence e: Float, words n: Int) -> Float {
        Float(paragraph + evidence * Double(e) + words * Double(n))
    }

    /// The text form `init(parsing:)` reads.
    public var description: String {
        var s = "intercept=\(intercept),evidence=\(evidence),words=\(words),paragraph=\(paragraph)"
        for (k, v) in [("fits", fits), ("misfits", misfits), ("checked", checked), ("advantage", advantage),
                       ("fitsZ", fitsZ), ("misfitsZ", misfitsZ), ("advantageZ", advantageZ), ("checkedRoot", checkedRoot),
                       ("meanAdvantage", meanAdvantage), ("evidenceTanh", evidenceTanh), ("unknownZ", unknownZ),
                       ("meanLogProb", meanLogProb), ("strongIslands", strongIslands), ("anyStrong", anyStrong)] where v != 0 { s += ",\(k)=\(v)" }
        return s
    }
}

/// A calibration that cannot be read.
public struct CalibrationError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// The probability that log10 odds `x` stand for.
/// - Complexity: O(1).
@inline(__always)
public func probability(logOdds x: Double) -> Double { 1 / (1 + pow(10, -x)) }
