import Foundation
import XCTest

/// Runs the built `unspin` binary and captures what it prints.
struct CLIResult: Equatable {
    var stdout: String
    var stderr: String
    var status: Int32
}

enum CLI {
    /// The folder of this test file's fixtures.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// The decoder settings the tiny fixtures' numbers were worked out by hand with (channel
    /// weight 1, ambiguity margin 1; the defaults are 1.5 and 1.5).
    static let handWorked = ["--channel-weight", "1", "--ambiguity-margin", "1"]

    /// The `unspin` executable built beside the test bundle.
    static var binary: String {
        let candidates = [Bundle.main.bundleURL, Bundle(for: Marker.self).bundleURL,
                          URL(fileURLWithPath: CommandLine.arguments[0])]
        for c in candidates {
            var dir = c.deletingLastPathComponent()
            for _ in 0..<3 {
                let p = dir.appendingPathComponent("unspin").path
                if FileManager.default.isExecutableFile(atPath: p) { return p }
                dir = dir.deletingLastPathComponent()
            }
        }
        return "unspin-not-built"
    }

    final class Marker {}

    /// Runs `unspin args…` with `stdin`, in `directory` (default: a scratch folder).
    static func run(_ args: [String], stdin: String = "", environment: [String: String] = [:],
                    directory: String? = nil) throws -> CLIResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        p.currentDirectoryURL = URL(fileURLWithPath: directory ?? NSTemporaryDirectory())
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        p.standardInput = inPipe; p.standardOutput = outPipe; p.standardError = errPipe
        try p.run()
        inPipe.fileHandleForWriting.write(stdin.data(using: .utf8)!)
        try inPipe.fileHandleForWriting.close()
        // Drain both pipes at once so a full pipe never blocks the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let out = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { out.data = outPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return CLIResult(stdout: String(decoding: out.data, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
                         status: p.terminationStatus)
    }
}
