import Foundation
import XCTest

extension XCTestCase {
    /// A new temporary folder holding `files` (name → UTF-8 text), removed when the test ends.
    func temporaryFolder(_ name: String, files: [String: String]) throws -> String {
        let dir = NSTemporaryDirectory() + "/unspin-\(name)-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        for (file, text) in files { try text.write(toFile: dir + "/" + file, atomically: true, encoding: .utf8) }
        return dir
    }
}
