import Foundation
import Unspin

/// `--format`, shared by restore and batch.
let formatOption = OptionSpec(name: "format", value: "FORMAT", help: """
    What the inputs hold: auto (default), text, html (text nodes restored in place, all markup kept), \
    wet (WARC conversion records, also .wet.gz) or jsonl (as --jsonl). auto decides per input by file \
    name (.html/.htm, .wet/.warc[.gz], .jsonl/.ndjson, .txt), else by content (WARC/ or gzip, a leading \
    tag, a JSON object); standard input by content only when it is a file ('< page.html'), else text.
    """)

/// Reads `--format` (and `--jsonl`, the same as `--format jsonl`).
func documentFormat(_ args: ParsedArguments) throws -> DocumentFormat {
    guard let v = args.value("format") else { return args.flag("jsonl") ? .jsonl : .auto }
    guard let f = DocumentFormat(rawValue: v) else {
        throw UsageError(message: "--format expects auto, text, html, wet or jsonl, got '\(v)'")
    }
    if args.flag("jsonl") && f != .jsonl { throw UsageError(message: "--jsonl and --format \(v) cannot be combined") }
    return f
}

/// `unspin restore` for inputs that are not all plain text (HTML, WET, JSON Lines by
/// `--format` or detected); nil when every input is plain text, for the plain path.
func runRestoreFormatted(_ args: ParsedArguments) throws -> Int32? {
    let format = try documentFormat(args)
    if format == .text || args.flag("jsonl") { return nil }
    if format == .jsonl { return try runRestoreJSONLines(args, forced: true) }
    let inputs = args.positionals.isEmpty ? ["-"] : args.positionals
    let formats = inputs.map { format == .auto ? DocumentFormat.detect(path: $0) : format }
    if formats.allSatisfy({ $0 == .text }) { return nil }
    if formats.allSatisfy({ $0 == .jsonl }) { return try runRestoreJSONLines(args, forced: true) }
    if let i = formats.firstIndex(of: .jsonl) {
        throw UsageError(message: "\(inputs[i]) is JSON Lines and other inputs are not: restore them apart, or give --format")
    }
    _ = try jsonLinesOption(args)
    if args.flag("phrases") { throw UsageError(message: "--phrases reads plain text (give --format text)") }
    let json = args.flag("json"), diff = args.flag("diff")
    if json && diff { throw UsageError(message: "--diff and --json cannot be combined") }
    if let i = formats.firstIndex(of: .wet), json || diff {
        throw UsageError(message: "\(inputs[i]): --json and --diff are not available for WET input")
    }
    let colorMode = args.value("color") ?? "auto"
    guard ["auto", "always", "never"].contains(colorMode) else {
        throw UsageError(message: "--color expects auto, always or never, got '\(colorMode)'")
    }
    for p in inputs where p != "-" {
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: p, isDirectory: &isDir) { throw CommandFailure(message: "\(p): no such file") }
        if isDir.boolValue { throw CommandFailure(message: "\(p): is a directory (use 'unspin batch' for directories)") }
    }
    let restorer = try makeRestorer(args, explains: json || diff)
    let color = colorMode == "always" || (colorMode == "auto" && isatty(1) != 0)
    var failed = false
    for (path, f) in zip(inputs, formats) {
        let bytes: [UInt8]
        let document: DocumentRestoration
        do {
            bytes = try readInput(path)
            document = try bytes.withUnsafeBufferPointer { b throws(FormatError) in
                try DocumentFormat.restoreDocument(b, as: f, using: restorer.restoreFunction)
            }
        } catch {
            printError("unspin: \(error is FormatError ? "\(path == "-" ? "<stdin>" : path): " : "")\(error)")
            failed = true
            continue
        }
        let result = document.restoration
        var out: [UInt8] = []
        if json {
            out.append(contentsOf: Array("{\"file\":".utf8))
            out.append(contentsOf: JSONString.quoted(path))
            out.append(contentsOf: Array(",\"format\":\"\(f.rawValue)\",\"text\":\"".utf8))
            result.bytes.withUnsafeBufferPointer { JSONString.escape($0, into: &out) }
            out.append(contentsOf: Array("\",\"spun_log_odds\":\(Edit.format(result.spunLogOdds)),\"spin_probability\":\(Edit.format(result.spinProbability)),\"words\":\(result.words),\"edits\":".utf8))
            result.edits.appendJSON(to: &out)
            out.append(contentsOf: Array("}\n".utf8))
        } else if diff {
            out = renderDiff(bytes, result.edits, color: color)
        } else {
            out = result.bytes
        }
        out.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, stdout) }
    }
    return failed ? 1 : 0
}
