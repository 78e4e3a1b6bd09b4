import Foundation
import Unspin

/// `unspin restore --jsonl [FILE...]`: JSON Lines from each FILE (standard input when none,
/// or for '-') to standard output, record by record, each piece written as soon as it is
/// restored, so the command works as a Spark `pipe()` or Hadoop Streaming mapper.
func runRestoreJSONLines(_ args: ParsedArguments, forced: Bool = false) throws -> Int32 {
    guard let options = try jsonLinesOption(args, forced: forced) else { return 2 }
    if args.flag("diff") || args.flag("json") { throw UsageError(message: "--jsonl cannot be combined with --diff or --json") }
    let jobs = try jobsOption(args)
    let inputs = args.positionals.isEmpty ? ["-"] : args.positionals
    for p in inputs where p != "-" {
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: p, isDirectory: &isDir) { throw CommandFailure(message: "\(p): no such file") }
        if isDir.boolValue { throw CommandFailure(message: "\(p): is a directory (use 'unspin batch --jsonl' for directories)") }
    }
    let restorer = try makeRestorer(args, explains: options.includeEdits)
    return streamPlain(inputs, restorer: restorer, jobs: jobs, format: .jsonLines(options))
}
