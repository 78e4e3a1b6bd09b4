// seeds: Tests/CLITests/Fixtures/spun.txt Tests/UnspinTests/Fixtures/lm-tiny.txt
import Unspin

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var tokens: [Token] = []
    Tokenizer.tokenize(UnsafeBufferPointer(start: data, count: size), into: &tokens)
    return 0
}
