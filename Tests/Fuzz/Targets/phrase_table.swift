// seeds: Tests/CLITests/Fixtures/tiny.tsv Tests/CLITests/Fixtures/malformed.tsv
import Unspin

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? PhraseTable.parse(Array(UnsafeBufferPointer(start: data, count: size)), file: "fuzz.tsv", name: "fuzz")
    return 0
}
