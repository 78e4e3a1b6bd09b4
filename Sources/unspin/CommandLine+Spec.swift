import Foundation
import Unspin

/// One option of a command. The same table drives parsing and `--help`.
struct OptionSpec {
    /// Long name without dashes, e.g. "dictionary".
    let name: String
    /// Optional one-letter short name, e.g. "o".
    var short: Character? = nil
    /// Placeholder for the value (`PATH`, `N`); nil for a boolean flag.
    var value: String? = nil
    /// May be given more than once.
    var repeatable = false
    let help: String
}

/// A command: its name, synopsis, options and the code that runs it.
struct CommandSpec {
    let name: String
    let summary: String
    /// Usage line after `unspin NAME`, e.g. "[options] [FILE...]".
    let usage: String
    var discussion: String = ""
    var options: [OptionSpec] = []
    /// Subcommands (for `unspin lm train`, `unspin dict compile`).
    var subcommands: [CommandSpec] = []
    /// Runs the command with parsed arguments; returns the exit status.
    var run: ((ParsedArguments) throws -> Int32)? = nil

    var fullOptions: [OptionSpec] { options + [OptionSpec(name: "help", short: "h", help: "Show this help.")] }

    func helpText(path: String) -> String {
        var s = "\(summary)\n\nUsage: \(path) \(usage)\n"
        if !discussion.isEmpty { s += "\n\(discussion)\n" }
        if !subcommands.isEmpty {
            s += "\nCommands:\n"
            let w = (subcommands.map { $0.name.count }.max() ?? 0) + 2
            for c in subcommands { s += "  " + c.name.padding(toLength: w, withPad: " ", startingAt: 0) + c.summary + "\n" }
            s += "\nRun '\(path) COMMAND --help' for a command's options.\n"
        }
        s += "\nOptions:\n"
        let rows = fullOptions.map { o -> (String, String) in
            var left = o.short.map { "-\($0), " } ?? "    "
            left += "--\(o.name)"
            if let v = o.value { left += " \(v)" }
            return (left, o.help + (o.repeatable ? " (repeatable)" : ""))
        }
        let w = (rows.map { $0.0.count }.max() ?? 0) + 2
        for (l, r) in rows { s += "  " + l.padding(toLength: w, withPad: " ", startingAt: 0) + r + "\n" }
        return s
    }
}

/// A usage error: printed with a hint to `--help`, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A failure that names what failed: printed as `unspin: message`, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Arguments parsed against a `CommandSpec`'s option table.
struct ParsedArguments {
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    func flag(_ name: String) -> Bool { flags.contains(name) }
    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }

    func int(_ name: String) throws -> Int? {
        guard let v = value(name) else { return nil }
        guard let i = Int(v) else { throw UsageError(message: "--\(name) expects a whole number, got '\(v)'") }
        return i
    }

    func double(_ name: String) throws -> Double? {
        guard let v = value(name) else { return nil }
        guard let d = Double(v) else { throw UsageError(message: "--\(name) expects a number, got '\(v)'") }
        return d
    }

    /// The number option `name` gives, if any; a usage error says what it `expects` when
    /// `valid` rejects it.
    func double(_ name: String, expects: String, where valid: (Double) -> Bool) throws -> Double? {
        guard let d = try double(name) else { return nil }
        guard valid(d) else { throw UsageError(message: "--\(name) expects \(expects), got '\(value(name) ?? "")'") }
        return d
    }

    static func parse(_ args: [String], spec: CommandSpec) throws -> ParsedArguments {
        var out = ParsedArguments()
        let opts = spec.fullOptions
        var i = 0
        var onlyPositionals = false
        while i < args.count {
            let a = args[i]
            i += 1
            if onlyPositionals || a == "-" || !a.hasPrefix("-") { out.positionals.append(a); continue }
            if a == "--" { onlyPositionals = true; continue }
            var name: String
            var inline: String? = nil
            if a.hasPrefix("--") {
                name = String(a.dropFirst(2))
                if let eq = name.firstIndex(of: "=") { inline = String(name[name.index(after: eq)...]); name = String(name[..<eq]) }
                guard opts.contains(where: { $0.name == name }) else {
                    let guess = opts.map(\.name).first { $0.hasPrefix(name) || name.hasPrefix($0) }
                    throw UsageError(message: "unknown option '--\(name)'" + (guess.map { " (did you mean '--\($0)'?)" } ?? ""))
                }
            } else {
                let c = a.dropFirst()
                guard c.count == 1, let o = opts.first(where: { $0.short == c.first }) else {
                    throw UsageError(message: "unknown option '\(a)'")
                }
                name = o.name
            }
            let o = opts.first { $0.name == name }!
            if o.value != nil {
                let v: String
                if let inline { v = inline } else {
                    guard i < args.count else { throw UsageError(message: "--\(name) needs a value (\(o.value!))") }
                    v = args[i]; i += 1
                }
                if !o.repeatable && out.values[name] != nil { throw UsageError(message: "--\(name) given twice") }
                out.values[name, default: []].append(v)
            } else {
                if inline != nil { throw UsageError(message: "--\(name) takes no value") }
                out.flags.insert(name)
            }
        }
        return out
    }
}

/// Writes to standard error.
func printError(_ s: String) {
    FileHandle.standardError.write((s.hasSuffix("\n") ? s : s + "\n").data(using: .utf8)!)
}

/// Runs `spec` (or one of its subcommands) with `args`; returns the exit status.
func dispatch(_ spec: CommandSpec, args: [String], path: String) -> Int32 {
    if !spec.subcommands.isEmpty {
        guard let first = args.first, !first.hasPrefix("-") else {
            if args.first == "--help" || args.first == "-h" {
                print(spec.helpText(path: path), terminator: "")
                return 0
            }
            if args.first == "--version" { print("unspin \(unspinVersion)"); return 0 }
            printError("\(path): missing command\n\n" + spec.helpText(path: path))
            return 2
        }
        guard let sub = spec.subcommands.first(where: { $0.name == first }) else {
            printError("\(path): unknown command '\(first)'. Run '\(path) --help' for the list.")
            return 2
        }
        return dispatch(sub, args: Array(args.dropFirst()), path: "\(path) \(sub.name)")
    }
    do {
        let parsed = try ParsedArguments.parse(args, spec: spec)
        if parsed.flag("help") { print(spec.helpText(path: path), terminator: ""); return 0 }
        guard let run = spec.run else { return 0 }
        return try run(parsed)
    } catch let e as UsageError {
        printError("\(path): \(e.message)\nRun '\(path) --help' for usage.")
        return 2
    } catch {
        printError("unspin: \(error)")
        return 1
    }
}
