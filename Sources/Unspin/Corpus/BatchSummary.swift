/// One input that failed (or one bad line of it).
public struct BatchFailure: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// 1-based line number for a malformed JSON Lines record.
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path; self.line = line; self.message = message
    }

    /// `path: message` or `path:line: message`.
    public var description: String { path + (line.map { ":\($0)" } ?? "") + ": " + message }
}

/// What a batch did.
public struct BatchSummary: Sendable, Equatable {
    /// Outputs written (including JSON Lines files with bad lines, which also count as failed).
    public var files = 0
    /// Inputs skipped because `--resume` found their output finished.
    public var skipped = 0
    /// Inputs that failed.
    public var failed = 0
    /// Input bytes processed (skipped inputs excluded).
    public var bytes = 0
    /// Input bytes of skipped inputs.
    public var skippedBytes = 0
    /// JSON Lines records read (0 for text).
    public var records = 0
    /// JSON Lines records flagged as spun (screening only).
    public var flagged = 0
    /// Changes made.
    public var edits = 0
    /// Spun words replaced (a phrase edit counts its words).
    public var wordsChanged = 0
    /// Wall-clock seconds.
    public var seconds = 0.0
    /// The first failures (at most `failureLimit`), in input order.
    public var failures: [BatchFailure] = []
    /// Failures beyond `failureLimit` are counted but not kept.
    public static let failureLimit = 1000

    public init() {}

    /// The one-line summary printed at the end of a batch:
    ///
    ///     3 files, 1.2 MB, 42 words changed, 1 failed, 0.05 s, 24.0 MB/s
    /// - Complexity: O(1).
    public var text: String {
        var s = ProgressFormat.count(files) + (files == 1 ? " file, " : " files, ") + ProgressFormat.bytes(bytes)
        if records > 0 { s += ", " + ProgressFormat.count(records) + (records == 1 ? " record" : " records") }
        s += ", " + ProgressFormat.count(wordsChanged) + (wordsChanged == 1 ? " word changed" : " words changed")
        s += ", " + ProgressFormat.count(failed) + " failed"
        if skipped > 0 { s += ", " + ProgressFormat.count(skipped) + " skipped as already done" }
        s += ", " + ProgressFormat.elapsed(seconds) + ", " + ProgressFormat.rate(bytes: bytes, seconds: seconds)
        return s
    }

    /// The summary as one JSON object (keys in a fixed order).
    /// - Complexity: O(failures).
    public var json: String {
        func q(_ s: String) -> String { String(decoding: JSONString.quoted(s), as: UTF8.self) }
        var s = "{\"files\":\(files),\"skipped\":\(skipped),\"failed\":\(failed),\"bytes\":\(bytes)"
        s += ",\"skipped_bytes\":\(skippedBytes),\"records\":\(records),\"edits\":\(edits)"
        s += ",\"words_changed\":\(wordsChanged),\"seconds\":\(ProgressFormat.fixed(seconds, 3))"
        s += ",\"mb_per_second\":\(seconds > 0 ? ProgressFormat.fixed(Double(bytes) / seconds / 1e6, 2) : "0")"
        s += ",\"failures\":["
        for (i, f) in failures.enumerated() {
            if i > 0 { s += "," }
            s += "{\"path\":\(q(f.path))" + (f.line.map { ",\"line\":\($0)" } ?? "") + ",\"message\":\(q(f.message))}"
        }
        s += "]}"
        return s
    }
}
