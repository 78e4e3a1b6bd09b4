/// Number formats of the progress line and the batch summary.
public enum ProgressFormat {
    /// A count with thousands separators: 1234567 → "1,234,567".
    /// - Complexity: O(digits).
    public static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// A byte count in decimal units with one decimal: "512 B", "1.5 kB", "20.0 MB", "1.1 GB".
    public static func bytes(_ n: Int) -> String {
        let v = Double(n)
        if n < 1000 { return "\(n) B" }
        if v < 1e6 { return fixed(v / 1e3, 1) + " kB" }
        if v < 1e9 { return fixed(v / 1e6, 1) + " MB" }
        return fixed(v / 1e9, 2) + " GB"
    }

    /// A rate in MB/s (decimal megabytes) with one decimal.
    public static func rate(bytes: Int, seconds: Double) -> String {
        guard seconds > 0 else { return "- MB/s" }
        return fixed(Double(bytes) / seconds / 1e6, 1) + " MB/s"
    }

    /// A duration as "0:07", "12:34" or "1:02:03" (seconds rounded up).
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--:--" }
        let s = Int(seconds.rounded(.up))
        let h = s / 3600, m = (s % 3600) / 60, r = s % 60
        let two = { (x: Int) in x < 10 ? "0\(x)" : "\(x)" }
        return h > 0 ? "\(h):\(two(m)):\(two(r))" : "\(m):\(two(r))"
    }

    /// Elapsed time for the summary: "0.42 s", "12.3 s", "2:05".
    public static func elapsed(_ seconds: Double) -> String {
        if seconds < 10 { return fixed(seconds, 2) + " s" }
        if seconds < 60 { return fixed(seconds, 1) + " s" }
        return duration(seconds)
    }

    /// `value` with exactly `decimals` decimals (no locale).
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale)
        var frac = String(scaled % Int(scale))
        while frac.count < decimals { frac = "0" + frac }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return decimals == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(frac)"
    }

    /// The live progress line: files and bytes done (of the totals once known), speed, ETA.
    ///
    ///     12/340 files  120.5 MB/1.21 GB  31.4 MB/s  ETA 0:35
    /// - Parameters:
    ///   - skippedBytes: bytes of inputs skipped by `--resume` (not part of the speed).
    /// - Complexity: O(1).
    public static func line(files: Int, totalFiles: Int?, bytes: Int, skippedBytes: Int, totalBytes: Int?,
                            seconds: Double) -> String {
        var s = count(files) + (totalFiles.map { "/" + count($0) } ?? "") + " files  "
        s += self.bytes(bytes + skippedBytes) + (totalBytes.map { "/" + self.bytes($0) } ?? "") + "  "
        s += rate(bytes: bytes, seconds: seconds)
        if let total = totalBytes, seconds > 0.5, bytes > 0 {
            let left = max(0, total - bytes - skippedBytes)
            s += "  ETA " + duration(Double(left) / (Double(bytes) / seconds))
        } else {
            s += "  ETA --:--"
        }
        return s
    }
}
