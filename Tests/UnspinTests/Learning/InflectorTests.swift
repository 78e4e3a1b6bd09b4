import XCTest
@testable import Unspin

final class InflectorTests: XCTestCase {
    /// A small lexicon with hand-written exceptions (our own, in WordNet's form).
    let inflector = Inflector(
        lexicon: ["assault": [.noun, .verb], "attack": [.noun, .verb], "instruct": [.verb], "tell": [.verb],
                  "consideration": [.noun], "concern": [.noun, .verb], "say": [.verb], "mention": [.noun, .verb],
                  "try": [.verb], "make": [.verb], "die": [.verb], "watch": [.noun, .verb], "put": [.verb],
                  "post": [.noun, .verb], "write": [.verb], "pen": [.noun, .verb], "child": [.noun], "kid": [.noun, .verb],
                  "stop": [.noun, .verb], "cease": [.noun, .verb], "go": [.verb]],
        exceptions: [("told", "tell", .verb), ("said", "say", .verb), ("wrote", "write", .verb), ("written", "write", .verb),
                     ("children", "child", .noun), ("stopped", "stop", .verb), ("stopping", "stop", .verb),
                     ("penned", "pen", .verb), ("penning", "pen", .verb), ("kidded", "kid", .verb), ("kidding", "kid", .verb),
                     ("went", "go", .verb), ("gone", "go", .verb), ("putting", "put", .verb)])

    func testRegularRules() {
        let cases: [(String, Inflector.Form, String)] = [
            ("attack", .plural, "attacks"), ("watch", .plural, "watches"), ("try", .thirdPerson, "tries"),
            ("go", .thirdPerson, "goes"), ("attack", .past, "attacked"), ("make", .past, "maked"), ("try", .past, "tried"),
            ("make", .gerund, "making"), ("die", .gerund, "dying"), ("try", .gerund, "trying"), ("see", .gerund, "seeing"),
            ("play", .past, "played"), ("day", .plural, "days"),
        ]
        for (lemma, form, want) in cases { XCTAssertEqual(Inflector.regular(lemma, form), want, "\(lemma) \(form)") }
    }

    func testIrregularFormsReplaceTheRule() {
        XCTAssertEqual(inflector.forms(of: "tell", .past), ["told"])
        XCTAssertEqual(inflector.forms(of: "write", .past), ["wrote", "written"])
        XCTAssertEqual(inflector.forms(of: "child", .plural), ["children"])
        XCTAssertEqual(inflector.forms(of: "put", .past), ["put"])
        XCTAssertEqual(inflector.forms(of: "tell", .gerund), ["telling"])
    }

    func testAnalyses() {
        func a(_ w: String) -> [String] { inflector.analyses(of: w).map { "\($0.lemma)/\($0.form)" } }
        XCTAssertEqual(a("told"), ["tell/past"])
        XCTAssertEqual(a("assaulted"), ["assault/past"])
        XCTAssertEqual(a("attacks"), ["attack/plural", "attack/thirdPerson"])
        XCTAssertEqual(a("considerations"), ["consideration/plural"])
        XCTAssertEqual(a("making"), ["make/gerund"])
        XCTAssertEqual(a("stopped"), ["stop/past"])
        XCTAssertEqual(a("news"), [])
    }

    func expand(_ pairs: [(String, String)]) -> [String] {
        let entries = pairs.map { LearnedEntry(spun: $0.0, original: $0.1, count: 1, originalCount: 2, weight: 0.5) }
        return inflector.expand(entries).map { "\($0.spun)→\($0.original)" }
    }

    func testExpandsRegularAndIrregularForms() {
        XCTAssertEqual(expand([("assault", "attack")]), [
            "assault→attack", "assaulted→attacked", "assaulting→attacking", "assaults→attacks",
        ])
        XCTAssertEqual(expand([("instructed", "told")]), [
            "instruct→tell", "instructed→told", "instructing→telling", "instructs→tells",
        ])
        // Nouns only: no verb forms.
        XCTAssertEqual(expand([("consideration", "concern")]), ["consideration→concern", "considerations→concerns"])
        XCTAssertEqual(expand([("kids", "children")]), ["kid→child", "kids→children"])
        XCTAssertEqual(expand([("penned", "wrote")]), [
            "pen→write", "penned→written", "penned→wrote", "penning→writing", "pens→writes",
        ])
        // A verb phrase inflects its first word.
        XCTAssertEqual(expand([("put up", "post")]), [
            "put up→post", "put up→posted", "puts up→posts", "putting up→posting",
        ])
        // A word with no shared reading gives nothing new.
        XCTAssertEqual(expand([("information", "news")]), ["information→news"])
    }

    func testLearnedEntriesWinAndGeneratedOnesAreNoted() {
        let entries = [LearnedEntry(spun: "assault", original: "attack", count: 3, originalCount: 9, weight: 0.3),
                       LearnedEntry(spun: "assaults", original: "attacks", count: 1, originalCount: 4, weight: 0.2)]
        let out = inflector.expand(entries, weightFactor: 0.5)
        XCTAssertEqual(out.map { "\($0.spun)→\($0.original) \($0.weight) \($0.note ?? "")" }, [
            "assault→attack 0.3 ", "assaulted→attacked 0.15 inflected from assault → attack",
            "assaulting→attacking 0.15 inflected from assault → attack", "assaults→attacks 0.2 ",
        ])
    }

    func testKnownWordFilter() {
        let entries = [LearnedEntry(spun: "cease", original: "stop", count: 1, originalCount: 2, weight: 0.5)]
        let known: Set<String> = ["ceased", "stopped", "ceasing", "stopping"]
        XCTAssertEqual(inflector.expand(entries, isKnown: { known.contains($0) }).map { "\($0.spun)→\($0.original)" },
                       ["cease→stop", "ceased→stopped", "ceasing→stopping"])
    }
}
