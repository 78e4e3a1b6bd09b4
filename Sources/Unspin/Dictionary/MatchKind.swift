/// How the phrase matcher reports matches.
public enum MatchKind: Sendable {
    /// Every dictionary phrase starting at every word, overlapping ones included.
    /// This is what the decoder uses: the language model chooses among them.
    case all
    /// At each position the longest phrase, then continue after it (FlashText-style
    /// scanning; used by `dict lookup` style tools and tests).
    case leftmostLongest
}
