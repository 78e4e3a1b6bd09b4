/// English function words: articles, pronouns, prepositions, conjunctions, auxiliaries and
/// particles, the words whose substitutions only make sense inside a whole phrase.
public enum FunctionWords {
    /// Whether `word` (folded) is a function word.
    /// - Complexity: O(length of the word).
    public static func contains(_ word: String) -> Bool { set.contains(word) }

    static let set: Set<String> = Set("""
    a an the this that these those some any each every all both either neither no not none
    i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
    one ones who whom whose which what where when why how whether if then than so as such
    of in on at by for with without within into onto upon from to toward towards about above below
    over under between among amongst through throughout across along around after before behind
    beyond during despite except inside outside near off out up down since until till via per
    and or but nor yet also too very just only even still already again ever never
    be am is are was were been being have has had having do does did doing done
    will would shall should can could may might must ought
    there here own other another same much many more most less least few several
    because although though while whereas unless once
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
}
