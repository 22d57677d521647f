import LineHAL
import Testing
@testable import PACScenario

@Suite("Scenario files")
struct ScenarioParserTests {
    func error(_ yaml: String) -> String {
        do {
            _ = try ScenarioParser.parse(yaml, file: "s.yaml")
            return "parsed"
        } catch {
            return error.description
        }
    }

    @Test("steps, their lines and their defaults are read")
    func readsSteps() throws {
        let scenario = try ScenarioParser.parse(
            """
            name: example
            seed: 7
            world: { analog-lines: 2, timing: quick, keep-alive: 30s }
            steps:
              - connect: {}
              - call: { call: a, number: "5550100", expect: { result: busy, cause: 17 } }
              - wait: 1.5s
              - hang-up: { call: a, by: pac, within: 10s }
            """, file: "s.yaml")
        #expect(scenario.name == "example" && scenario.seed == 7)
        #expect(scenario.world.analogLines == 2 && scenario.world.timing == "quick" && scenario.world.keepAliveInterval == .seconds(30))
        #expect(scenario.steps.map(\.line) == [5, 6, 7, 8])
        #expect(scenario.steps.map(\.title) == ["connect", "call a: dial 5550100", "wait 1500ms", "call a: PAC hangs up"])
        #expect(scenario.steps[1].within == .minutes(2) && scenario.steps[3].within == .seconds(10))
        guard case .placeCall(_, _, _, let expect) = scenario.steps[1].action else { Issue.record("not a call"); return }
        #expect(expect.result == .busy && expect.cause?.holds(for: 17) == true && expect.cause?.holds(for: 16) == false)
    }

    @Test("mistakes name file, line, key and what is allowed")
    func mistakes() {
        #expect(error("steps:\n  - connect: {}\n  - call: { call: a, number: \"1\", expect: { result: engaged } }\n")
            == "s.yaml:3: key 'steps[1].call.expect.result': 'engaged' is not one of: connected, general-error, no-carrier, busy, no-dial-tone, time-out, do-not-accept")
        #expect(error("steps:\n  - connect: {}\n  - hang-up: { call: b }\n")
            == "s.yaml:3: key 'steps[1].hang-up.call': no earlier step makes a call named 'b' (calls so far: )")
        #expect(error("steps:\n  - connect: { colour: red }\n") == "s.yaml:2: key 'steps[0].connect.colour': unknown key")
        #expect(error("steps:\n  - wait: soon\n")
            == "s.yaml:2: key 'steps[0].wait': 'soon' is not a duration such as 500ms, 30s, 10m or 1h")
        #expect(error("steps:\n  - connect: {}\n  - expect-messages: { Echo-Request: \"about 3\" }\n")
            == "s.yaml:3: key 'steps[1].expect-messages.Echo-Request': 'about 3' is not a number or a quoted bound such as \">= 1\", \"< 10\"")
        #expect(error("steps:\n  - connect: {}\n    disconnect: {}\n").hasPrefix(
            "s.yaml:2: key 'steps[0]': a step is a mapping with exactly one key"))
        #expect(error("steps: []\n") == "s.yaml:1: key 'steps': a scenario needs at least one step")
        #expect(error("steps:\n  - connect: {}\n  - impair: { line: 1, ber: 2 }\n")
            == "s.yaml:3: key 'steps[1].impair.ber': '2' is not a probability between 0 and 1 (such as 1e-4)")
    }

    @Test("number expectations: exact values and bounds")
    func numberExpectations() {
        #expect(NumberExpectation("12")?.holds(for: 12) == true)
        #expect(NumberExpectation(">= 3")?.holds(for: 3) == true)
        #expect(NumberExpectation(">3")?.holds(for: 3) == false)
        #expect(NumberExpectation("<= 2")?.holds(for: 3) == false)
        #expect(NumberExpectation("< 1")?.holds(for: 0) == true)
        #expect(NumberExpectation("== 4")?.description == "4")
        #expect(NumberExpectation("many") == nil && NumberExpectation(">= x") == nil)
    }
}
