import NIOCore
import PPTPProtocol
import Testing
@testable import PAC

@Suite("pac serve configuration: timers (the control connection's, RFC 2637)")
struct TimersConfigurationTests {
    @Test("each key sets its ControlConnectionConfiguration timer; omitted ones keep RFC 2637's 60 s; control.receive-window")
    func timers() throws {
        let yaml = """
            control:
              receive-window: 16
            timers:
              set-up: 30
              keep-alive: 120
              echo-reply: 15
              stop-reply: 10
              call-transition: 90
              outgoing-call: 180
            """
        let daemon = try DaemonConfiguration.parse(yaml, file: "pac.yaml")
        var control = ControlConnectionConfiguration(role: .pac, hostName: "pac", vendorName: "PAC")
        daemon.timers.apply(to: &control)
        #expect(control.setupTimeout == .seconds(30))
        #expect(control.keepAliveInterval == .seconds(120))
        #expect(control.echoReplyTimeout == .seconds(15))
        #expect(control.stopReplyTimeout == .seconds(10))
        #expect(control.callTransitionTimeout == .seconds(90))
        #expect(control.outgoingCallTimeout == .seconds(180))
        #expect(control.wanErrorNotifyInterval == .seconds(60))
        #expect(daemon.receiveWindow == 16)
        #expect(daemon.timers.summary
            == "set-up 30 s, keep-alive 120 s, echo-reply 15 s, stop-reply 10 s, call-transition 90 s, outgoing-call 180 s, wan-error-notify 60 s")
    }

    @Test("the defaults are the RFC's and ControlConnectionConfiguration's")
    func defaults() {
        var control = ControlConnectionConfiguration(role: .pac, hostName: "pac", vendorName: "PAC")
        let untouched = control
        DaemonConfiguration().timers.apply(to: &control)
        #expect(control == untouched)
        #expect(DaemonConfiguration().receiveWindow == Int(untouched.receiveWindowSize))
    }

    @Test("errors name file, line and key and say what is allowed", arguments: [
        ("timers:\n  keep-alive: 0\n", "pac.yaml:2: key 'timers.keep-alive': 0 is out of range 1...3600"),
        ("timers:\n  set-up: 601\n", "pac.yaml:2: key 'timers.set-up': 601 is out of range 1...600"),
        ("timers:\n  echo-reply: 1.5\n", "pac.yaml:2: key 'timers.echo-reply': expected an integer, found '1.5'"),
        ("timers:\n  stop-reply: soon\n", "pac.yaml:2: key 'timers.stop-reply': expected an integer, found 'soon'"),
        ("timers:\n  call-transition: -1\n", "pac.yaml:2: key 'timers.call-transition': -1 is out of range 1...600"),
        ("timers:\n  outgoing-call: 700\n", "pac.yaml:2: key 'timers.outgoing-call': 700 is out of range 1...600"),
        ("timers:\n  wan-error-notify: 30\n", "pac.yaml:2: key 'timers.wan-error-notify': 30 is out of range 60...3600"),
        ("timers:\n  keepalive: 60\n", "pac.yaml:2: key 'timers.keepalive': unknown key"),
        ("timers: 60\n", "pac.yaml:1: key 'timers': expected a mapping of keys to values"),
        ("control:\n  receive-window: 0\n", "pac.yaml:2: key 'control.receive-window': 0 is out of range 1...65535"),
    ])
    func errors(yaml: String, message: String) {
        expectRejected(yaml, with: message)
    }
}
