// seeds: Tests/CLITests/Fixtures/spun.txt
import Unspin

/// The CLI tests' tiny table and model; every edit must replace exactly its spun bytes, bytes
/// outside the edits must be the input's, and no edit may touch invalid UTF-8.
nonisolated(unsafe) let restorer: Restorer = {
    var options = RestorerOptions()
    options.documentGate = false
    return try! Restorer.load(tables: ["Tests/CLITests/Fixtures/tiny.tsv"], model: "Tests/CLITests/Fixtures/tiny.arpa",
                              options: options)
}()

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let r = restorer.restore(bytes: input)
    var expected: [UInt8] = []
    var at = 0
    for e in r.edits {
        precondition(e.range.lowerBound >= at && e.range.upperBound <= size, "edit \(e.range) out of order or bounds")
        expected += input[at..<e.range.lowerBound]
        let spun = Array(input[e.range])
        precondition(String(validating: spun, as: UTF8.self) != nil, "edit \(e.range) covers invalid UTF-8")
        precondition(spun == Array(e.spun.utf8), "edit \(e.range) names '\(e.spun)', input has other bytes")
        expected += Array(e.replacement.utf8)
        at = e.range.upperBound
    }
    expected += input[at...]
    precondition(expected == r.bytes, "output differs from the input outside the edits")
    return 0
}
