// seeds: (generated at start-up: Tests/CLITests/Fixtures/tiny.tsv compiled)
import Foundation
import Unspin

@_cdecl("LLVMFuzzerInitialize") public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    guard let dir = seedDirectory(),
          let table = try? PhraseTable.parse(fixture("Tests/CLITests/Fixtures/tiny.tsv"), file: "tiny.tsv", name: "tiny") else { return 0 }
    let bytes = PhraseDictionary(tables: [table]).compiled()
    FileManager.default.createFile(atPath: dir + "/seed-tiny.dict", contents: Data(bytes))
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? PhraseDictionary(compiledPath: fuzzFile(data, size))
    return 0
}
