import Foundation

/// Where Unspin's default data lives and what it holds.
///
/// The folder holds `defaults.txt`, which names the model and the tables:
///
///     model model.bin
///     table news-spins.tsv
///     table tortured-phrases.tsv 0.05     # a factor on the table's probabilities
///     compiled default.dict               # the tables above, compiled (`unspin dict compile`)
///
/// It is found, in order: `$UNSPIN_DATA`; a `Dictionaries/` folder beside the executable
/// or in one of its parent folders (so a binary built in a clone finds the clone's data
/// from any working directory); the source checkout the library was built from.
public struct DefaultData: Sendable {
    /// The folder holding `defaults.txt`.
    public var directory: String
    /// Path of the language model.
    public var model: String
    /// Paths of the tables, with their factors.
    public var tables: [(path: String, weight: Double)]
    /// Path of the compiled form of `tables`, if any.
    public var compiled: String?
    /// The spun-or-not calibration fitted for these tables and this model (a line
    /// `calibration intercept=A,evidence=B,words=C,paragraph=D`), if any.
    public var calibration: SpinCalibration?
    /// The neighbour table `unspin detect` uses (a line `neighbours FILE`), if any; restore
    /// never reads it.
    public var neighbours: String? = nil
    /// The calibration `unspin detect` uses with `neighbours` (a line `detect-calibration
    /// FILE`, the file holding one `KEY=X,...` line, `#` comments allowed; or the spec itself),
    /// also restore's spinner-agnostic decision (`RestorerOptions.anySpinner`) when there are
    /// open tables.
    public var detectCalibration: SpinCalibration? = nil
    /// The open (thesaurus) candidate tables, with their factors (lines `open-table FILE
    /// [WEIGHT]`): used, besides `tables`, only for inputs the spinner-agnostic decision
    /// judges spun (`Restorer.open`).
    public var openTables: [(path: String, weight: Double)] = []
    /// Path of the compiled form of `tables` and `openTables` together (a line `open-compiled FILE`).
    public var openCompiled: String? = nil
    /// Where tables compiled at start-up are kept for later runs (`DictionaryCache.standard()`;
    /// nil compiles them every time).
    public var cache: DictionaryCache? = DictionaryCache.standard()

    /// The environment variable that overrides the data folder.
    public static let environmentVariable = "UNSPIN_DATA"

    /// Locates and reads the default data description.
    /// - Throws: `DictionaryError` when no folder is found or `defaults.txt` is malformed.
    public static func locate() throws -> DefaultData {
        let fm = FileManager.default
        var tried: [String] = []
        func has(_ dir: String) -> Bool {
            tried.append(dir)
            return fm.fileExists(atPath: dir + "/defaults.txt")
        }
        if let env = ProcessInfo.processInfo.environment[environmentVariable], !env.isEmpty {
            guard has(env) else {
                throw DictionaryError(file: env + "/defaults.txt", line: 0,
                                      message: "not found (\(environmentVariable) names a folder without defaults.txt)")
            }
            return try read(env)
        }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent().path
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            dir = (exe as NSString).deletingLastPathComponent
        }
        for _ in 0..<8 {
            if has(dir + "/Dictionaries") { return try read(dir + "/Dictionaries") }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir { break }
            dir = parent
        }
        // The checkout this library was compiled from: Sources/Unspin/<this file>.
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Dictionaries").path
        if has(source) { return try read(source) }
        throw DictionaryError(file: "defaults.txt", line: 0,
                              message: "cannot find Unspin's default data (looked in \(tried.joined(separator: ", "))); set \(environmentVariable) to the Dictionaries folder, or pass --dictionary and --model")
    }

    /// Reads `defaults.txt` in `directory`.
    public static func read(_ directory: String) throws -> DefaultData {
        let file = directory + "/defaults.txt"
        guard let data = FileManager.default.contents(atPath: file),
              let text = String(data: data, encoding: .utf8) else {
            throw DictionaryError(file: file, line: 0, message: "cannot be read as UTF-8 text")
        }
        var model: String? = nil
        var compiled: String? = nil
        var tables: [(String, Double)] = []
        var calibration: SpinCalibration? = nil
        var neighbours: String? = nil, detectCalibration: SpinCalibration? = nil
        var openTables: [(String, Double)] = [], openCompiled: String? = nil
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if f.isEmpty { continue }
            func path(_ p: String) -> String { p.hasPrefix("/") ? p : directory + "/" + p }
            switch (f[0], f.count) {
            case ("model", 2): model = path(f[1])
            case ("compiled", 2): compiled = path(f[1])
            case ("calibration", 2):
                do { calibration = try SpinCalibration(parsing: f[1]) } catch let e as CalibrationError {
                    throw DictionaryError(file: file, line: i + 1, message: "calibration: \(e.message)")
                }
            case ("neighbours", 2): neighbours = path(f[1])
            case ("detect-calibration", 2):
                var spec = f[1]
                if !spec.contains("=") {
                    guard let d = FileManager.default.contents(atPath: path(spec)) else {
                        throw DictionaryError(file: file, line: i + 1, message: "detect-calibration: \(path(spec)) cannot be read")
                    }
                    spec = String(decoding: d, as: UTF8.self).split(separator: "\n")
                        .map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
                        .joined(separator: " ")
                }
                do { detectCalibration = try SpinCalibration(parsing: spec) } catch let e as CalibrationError {
                    throw DictionaryError(file: file, line: i + 1, message: "detect-calibration: \(e.message)")
                }
            case ("table", 2): tables.append((path(f[1]), 1))
            case ("open-table", 2): openTables.append((path(f[1]), 1))
            case ("table", 3), ("open-table", 3):
                guard let w = Double(f[2]), w >= 0 else {
                    throw DictionaryError(file: file, line: i + 1, message: "table weight '\(f[2])' is not a number ≥ 0")
                }
                if f[0] == "table" { tables.append((path(f[1]), w)) } else { openTables.append((path(f[1]), w)) }
            case ("open-compiled", 2): openCompiled = path(f[1])
            default:
                throw DictionaryError(file: file, line: i + 1,
                                      message: "expected 'model FILE', 'table FILE [WEIGHT]', 'compiled FILE', 'calibration KEY=X,...', 'neighbours FILE', 'detect-calibration FILE', 'open-table FILE [WEIGHT]' or 'open-compiled FILE', found '\(line.trimmingCharacters(in: .whitespaces))'")
            }
        }
        guard let model else { throw DictionaryError(file: file, line: 0, message: "names no model (a line 'model FILE')") }
        var d = DefaultData(directory: directory, model: model, tables: tables, compiled: compiled, calibration: calibration)
        d.neighbours = neighbours
        d.detectCalibration = detectCalibration
        d.openTables = openTables
        d.openCompiled = openCompiled
        return d
    }
}

extension DefaultData {
    /// Reads the default tables (or the tables of `list`) and the factors `defaults.txt` gives
    /// them; a factor named in `overrides` wins over the file's. With `full`, a factor of the
    /// file below 1 (but not 0) becomes 1 (`RestorerOptions.fullTableWeights`).
    /// - Throws: `DictionaryError` for a missing or malformed table, or a compiled dictionary
    ///   among them (it cannot be joined with other tables).
    public func loadTables(_ list: [(path: String, weight: Double)]? = nil, overriding overrides: [String: Double] = [:],
                           full: Bool = false) throws -> (tables: [PhraseTable], weights: [String: Double]) {
        var weights = overrides
        let all = list ?? tables
        let loaded = try all.map { (path, w) -> PhraseTable in
            if all.count > 1 && PhraseDictionary.isCompiled(path: path) {
                throw DictionaryError(file: path, line: 0, message: "a compiled dictionary cannot be joined with other tables: give the text tables, or one compiled dictionary that holds them all")
            }
            let t = try PhraseTable.load(path: path)
            if weights[t.name] == nil { weights[t.name] = full && w > 0 && w < 1 ? 1 : w }
            return t
        }
        return (loaded, weights)
    }

    /// The default dictionary for `options`: the compiled file when the options keep the
    /// weights it was compiled with, else the text tables compiled now.
    /// With `open`, the dictionary of `Restorer.open`: the tables (`tables` in place of the
    /// default data's, when given) and the open tables (`options.openTables` in place of the
    /// default data's, when given; one compiled dictionary given there holds the tables too),
    /// compiled in `openCompiled`.
    /// - Throws: `DictionaryError` or `BinaryFileError`, naming the file.
    public func dictionary(options: RestorerOptions = .init(), open: Bool = false, tables given: [String]? = nil) throws -> PhraseDictionary {
        let plain = RestorerOptions()
        let openTables = options.openTables ?? self.openTables
        if open, openTables.count == 1, PhraseDictionary.isCompiled(path: openTables[0].path) {
            return try PhraseDictionary(compiledPath: openTables[0].path)
        }
        if given == nil, let compiled = open ? (options.openTables == nil ? openCompiled : nil) : compiled,
           options.tableWeights.isEmpty, !options.fullTableWeights,
           options.defaultWeight == plain.defaultWeight, options.defaultKeep == plain.defaultKeep {
            return try PhraseDictionary(compiledPath: compiled)
        }
        let list = (given.map { $0.map { (path: $0, weight: 1.0) } } ?? tables) + (open ? openTables : [])
        func compile() throws -> PhraseDictionary {
            let (loaded, weights) = try loadTables(list, overriding: options.tableWeights, full: options.fullTableWeights)
            return PhraseDictionary(tables: loaded, tableWeights: weights,
                                    defaultWeight: options.defaultWeight, defaultKeep: options.defaultKeep)
        }
        // Compiled once, then kept (`DictionaryCache`): the tables take seconds to compile.
        let overrides = options.tableWeights.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let settings = "\(list.map { "\($0.weight)" })|\(overrides)|\(options.fullTableWeights)|\(options.defaultWeight)|\(options.defaultKeep)"
        guard let cache, let key = DictionaryCache.key(files: list.map(\.path), settings: settings) else { return try compile() }
        return try cache.dictionary(key: key, compile: compile)
    }
}

extension DefaultData {
    /// The restorer for inputs judged spun by any spinner (`Restorer.open`), when the options
    /// ask for open candidates, the default data (or `options.openTables`) has open tables and
    /// the default data has a neighbour table and its calibration; `options` then gets the
    /// neighbour table and the spinner-agnostic decision. nil otherwise (options unchanged).
    /// `tables`: the restorer's own table files, in place of the default tables.
    /// - Throws: `DictionaryError` or `BinaryFileError`, naming the file.
    public func openRestorer(model: any LanguageModel, options: inout RestorerOptions,
                             tables: [String]? = nil) throws -> Restorer? {
        guard options.openCandidates, !options.includesOpenTables, !(options.openTables ?? openTables).isEmpty,
              let neighbours, let any = detectCalibration else { return nil }
        var open = options
        open.documentGate = false
        open.neighbours = nil
        open.anySpinner = nil
        if let w = options.openChannelWeight { open.channelWeight = w }
        let restorer = Restorer(dictionary: try dictionary(options: options, open: true, tables: tables), model: model, options: open)
        if options.neighbours == nil { options.neighbours = try NeighbourTable(contentsOfFile: neighbours) }
        options.anySpinner = any
        return restorer
    }
}

extension DefaultData {
    /// A restorer of the default tables (with the open tables when `options.includesOpenTables`)
    /// and `model`, with `Restorer.open` when the options ask for open candidates
    /// (`openRestorer`); `options.calibration` is used as given.
    /// - Throws: `DictionaryError` or `BinaryFileError`, naming the file.
    public func restorer(model: any LanguageModel, options: RestorerOptions) throws -> Restorer {
        var options = options
        let open = try openRestorer(model: model, options: &options)
        return Restorer(dictionary: try dictionary(options: options, open: options.includesOpenTables), model: model, options: options, open: open)
    }
}

extension Restorer {
    /// Builds a restorer from the default data (see `DefaultData`), with the tables'
    /// default factors unless `options.tableWeights` names them.
    /// - Throws: `DictionaryError` or the model loader's error, naming the file.
    public static func loadDefault(options: RestorerOptions = .init()) throws -> Restorer {
        let d = try DefaultData.locate()
        let model = try loadLanguageModel(path: d.model)
        var options = options
        if options.calibration == nil { options.calibration = d.calibration }
        return try d.restorer(model: model, options: options)
    }

    /// Builds a restorer from dictionary files (text tables, or one compiled `.dict`) and a
    /// model file.
    /// With `options.openCandidates`, the open candidates as well: `Restorer.open`'s dictionary
    /// is these files followed by the open tables (the default data's, or `options.openTables`;
    /// one compiled open dictionary given there holds the tables too), with the default data's
    /// neighbour table and calibration as the spinner-agnostic decision.
    public static func load(tables paths: [String], model path: String, options: RestorerOptions = .init()) throws -> Restorer {
        let dict = try PhraseDictionary(files: paths, tableWeights: options.tableWeights,
                                        defaultWeight: options.defaultWeight, defaultKeep: options.defaultKeep)
        let model = try loadLanguageModel(path: path)
        var options = options
        let open = options.openCandidates ? try DefaultData.locate().openRestorer(model: model, options: &options, tables: paths) : nil
        return Restorer(dictionary: dict, model: model, options: options, open: open)
    }
}
