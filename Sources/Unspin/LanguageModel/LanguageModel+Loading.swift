/// Loads a language model file (ARPA text or Unspin's binary format, told apart by the
/// file's first bytes).
/// - Throws: an error naming the file when it is missing, damaged or in no known format.
public func loadLanguageModel(path: String) throws -> any LanguageModel {
    try NGramModel.load(path: path)
}
