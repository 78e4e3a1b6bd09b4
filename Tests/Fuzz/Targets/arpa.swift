// seeds: Tests/UnspinTests/Fixtures/lm-tiny.arpa Tests/UnspinTests/Fixtures/lm-gaps.arpa Tests/CLITests/Fixtures/tiny.arpa
import Unspin

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? NGramModel(arpaPath: fuzzFile(data, size))
    return 0
}
