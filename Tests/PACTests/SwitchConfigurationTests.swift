import LineHAL
import SimulatedLines
import Testing
@testable import PAC

@Suite("pac serve configuration: switch (the simulated switch's numbers)")
struct SwitchConfigurationTests {
    static let modem: ModemProfile = {
        let profiles = try! ProfileLoader.loadDirectory(EngineHarness.hardware)
        guard case .analogModem(let modem)? = profiles.first(where: { $0.name == "v90-modem" })?.kind else { fatalError("no v90-modem") }
        return modem
    }()

    @Test("each entry's numbers, behaviour, far end and bearer; omitted keys answer after one ring, echo, analog")
    func entries() throws {
        let yaml = """
            switch:
              numbers:
                - numbers: 5550300-5550399
                  rings: 2
                  far-end: ppp-peer
                - numbers: "0301"
                  behaviour: reject
                  cause: 27
                  bearer: isdn
                - numbers: 5550400
                  behaviour: no-answer
                - numbers: 5550401
                  behaviour: busy
                - numbers: 5550402
                  behaviour: congestion
                - numbers: 5550403
                  rings: 0
                  far-end: tcp:127.0.0.1:7000
            """
        let plan = try DaemonConfiguration.parse(yaml, file: "pac.yaml").switchPlan
        #expect(plan.replaceDefaultPlan == false)
        #expect(plan.numbers.map(\.range) == ["5550300–5550399", "0301", "5550400", "5550401", "5550402", "5550403"])
        #expect(plan.numbers.map(\.behaviour) == [
            .answer(afterRings: 2), .reject(.destinationOutOfOrder), .noAnswer, .busy, .congestion, .answer(afterRings: 0),
        ])
        #expect(plan.numbers.map(\.isdn) == [false, true, false, false, false, false])
        #expect(plan.numbers.map(\.farEnd) == [
            .pppPeer(magicNumber: SimulatedWorld.defaultPPPPeerMagicNumber), .echo, .echo, .echo, .echo, .tcp(host: "127.0.0.1", port: 7000),
        ])
        #expect(plan.numbers[0].summary == "analog: answers after 2 rings; the far end is a scripted PPP peer (LCP)")
        #expect(plan.numbers[1].summary == "ISDN: rejects the call with cause 27 (destination out of order)")
        #expect(plan.numbers[1].dialed == ["0301"], "leading zeros are part of the number")
    }

    @Test("added numbers join the default plan and win where they overlap it; replace-default-plan leaves only them")
    func addOrReplace() throws {
        let added = try DaemonConfiguration.parse(
            "switch:\n  numbers:\n    - numbers: 5550150\n      behaviour: busy\n", file: "pac.yaml").switchPlan
        let subscribers = SimulatedWorld.subscribers(added.numberPlan, modem: Self.modem)
        #expect(subscribers["5550150"]?.behaviour == .busy)
        #expect(subscribers["5550149"]?.behaviour == .answer(afterRings: 1))
        #expect(subscribers["5551100"]?.bearer == .digital)
        #expect(SwitchConfiguration.table(added.numberPlan).contains(
            "  5550100–5550199  analog: answers after one ring, the far end echoes every frame (except numbers a later line gives)\n"))

        let replaced = try DaemonConfiguration.parse(
            "switch:\n  replace-default-plan: true\n  numbers:\n    - numbers: 5550150\n      behaviour: busy\n", file: "pac.yaml")
            .switchPlan
        #expect(SimulatedWorld.subscribers(replaced.numberPlan, modem: Self.modem).keys.sorted() == ["5550150"])
        #expect(DaemonConfiguration().switchPlan.numberPlan == SimulatedWorld.defaultNumberPlan)
    }

    @Test("errors name file, line and key and say what is allowed", arguments: [
        ("switch:\n  numbers:\n    - numbers: 555-0300\n", "pac.yaml:3: key 'switch.numbers[0].numbers': '555-0300': both ends of a range have the same number of digits"),
        ("switch:\n  numbers:\n    - numbers: 55a\n", "pac.yaml:3: key 'switch.numbers[0].numbers': '55a' is not a number or a range such as 5550300-5550399"),
        ("switch:\n  numbers:\n    - numbers: 1-2-3\n", "pac.yaml:3: key 'switch.numbers[0].numbers': '1-2-3' is not a number or a range such as 5550300-5550399"),
        ("switch:\n  numbers:\n    - numbers: 5550399-5550300\n", "pac.yaml:3: key 'switch.numbers[0].numbers': '5550399-5550300': the first number is greater than the last"),
        ("switch:\n  numbers:\n    - numbers: 1234567890123456\n", "pac.yaml:3: key 'switch.numbers[0].numbers': '1234567890123456': a number has at most 15 digits (E.164)"),
        ("switch:\n  numbers:\n    - numbers: 5500000-5599999\n", "pac.yaml:3: key 'switch.numbers[0].numbers': '5500000-5599999' holds 100000 numbers, at most 10000 in one entry"),
        ("switch:\n  numbers:\n    - numbers: 10-19\n    - numbers: 15\n", "pac.yaml:4: key 'switch.numbers[1].numbers': 15 overlaps 10–19 of an earlier entry"),
        ("switch:\n  numbers:\n    - rings: 1\n", "pac.yaml:3: key 'switch.numbers[0].numbers': required key is missing"),
        ("switch:\n  numbers:\n    - numbers: 1\n      behaviour: engaged\n", "pac.yaml:4: key 'switch.numbers[0].behaviour': 'engaged' is not one of: answer, busy, no-answer, reject, congestion"),
        ("switch:\n  numbers:\n    - numbers: 1\n      rings: 51\n", "pac.yaml:4: key 'switch.numbers[0].rings': 51 is out of range 0...50"),
        ("switch:\n  numbers:\n    - numbers: 1\n      behaviour: busy\n      rings: 2\n", "pac.yaml:5: key 'switch.numbers[0].rings': only for behaviour answer, this entry's is busy"),
        ("switch:\n  numbers:\n    - numbers: 1\n      cause: 17\n", "pac.yaml:4: key 'switch.numbers[0].cause': only for behaviour reject, this entry's is answer"),
        ("switch:\n  numbers:\n    - numbers: 1\n      behaviour: reject\n", "pac.yaml:3: key 'switch.numbers[0].cause': required key is missing"),
        ("switch:\n  numbers:\n    - numbers: 1\n      behaviour: reject\n      cause: 128\n", "pac.yaml:5: key 'switch.numbers[0].cause': 128 is out of range 1...127"),
        ("switch:\n  numbers:\n    - numbers: 1\n      far-end: modem\n", "pac.yaml:4: key 'switch.numbers[0].far-end': 'modem' is not one of: echo, ppp-peer, tcp:HOST:PORT (port 1...65535)"),
        ("switch:\n  numbers:\n    - numbers: 1\n      far-end: tcp:host:0\n", "pac.yaml:4: key 'switch.numbers[0].far-end': 'tcp:host:0' is not one of: echo, ppp-peer, tcp:HOST:PORT (port 1...65535)"),
        ("switch:\n  numbers:\n    - numbers: 1\n      bearer: digital\n", "pac.yaml:4: key 'switch.numbers[0].bearer': 'digital' is not one of: analog, isdn"),
        ("switch:\n  numbers:\n    - numbers: 1\n      answer: yes\n", "pac.yaml:4: key 'switch.numbers[0].answer': unknown key"),
        ("switch:\n  replace-default-plan: maybe\n", "pac.yaml:2: key 'switch.replace-default-plan': expected true or false, found 'maybe'"),
        ("switch:\n  number: []\n", "pac.yaml:2: key 'switch.number': unknown key"),
        ("switch:\n  numbers: 5550300\n", "pac.yaml:2: key 'switch.numbers': expected a list"),
    ])
    func errors(yaml: String, message: String) {
        expectRejected(yaml, with: message)
    }

    @Test("a reject cause the switch does not know lists the causes it knows")
    func unknownCause() {
        do {
            _ = try DaemonConfiguration.parse("switch:\n  numbers:\n    - numbers: 1\n      behaviour: reject\n      cause: 4\n", file: "pac.yaml")
            Issue.record("accepted cause 4")
        } catch {
            #expect(error.description.hasPrefix("pac.yaml:5: key 'switch.numbers[0].cause': 4 is not a Q.931 cause the switch knows (1, 2, 3, 6, 16, 17,"),
                    "\(error)")
        }
    }
}
