import Foundation
import InteropSupport
import Hummingbird
import NIOPosix
import Prometheus
import Testing
@testable import PAC
@testable import PACAdmin
import PACAdminClient
import PACAdminClient

/// The endpoints behind `pac dial`, `pac impair` and `GET /metrics`, over real HTTP against
/// an engine on the embedded default world (instant modems, default timing).
@Suite("Admin HTTP API: test calls, impairments, metrics")
struct OperatorEndpointTests {
    @Test("POST /v1/lines/{id}/dial reports connected with speeds, busy with cause 17, and refuses unknown or busy lines")
    func dial() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let router = AdminRouter.make(try await AdminAPITests.makeAdmin(group: group))
        try await AdminAPITests.serve(router, group: group) { request in
            let isdn = try await request("POST", "/v1/lines/101/dial?number=5551100&hold=0", [:])
            #expect(isdn.status == 200)
            let up = try JSONDecoder().decode(TestCallOutcome.self, from: isdn.body)
            #expect(up.result == "connected" && up.transmitSpeed == 64000 && up.cause == nil && up.line == 101)

            let busy = try JSONDecoder().decode(
                TestCallOutcome.self, from: try await request("POST", "/v1/lines/2/dial?number=5550200", [:]).body)
            #expect(busy.result == "busy" && busy.cause == 17 && busy.causeText == "user busy" && busy.transmitSpeed == nil)

            #expect(try await request("POST", "/v1/lines/2/dial", [:]).status == 400)
            #expect(try await request("POST", "/v1/lines/2/dial?number=555&hold=-1", [:]).status == 400)
            #expect(try await request("POST", "/v1/lines/99/dial?number=5550100", [:]).status == 404)
            #expect(try await request("POST", "/v1/lines/2/down", [:]).status == 204)
            let down = try await request("POST", "/v1/lines/2/dial?number=5550100", [:])
            #expect(down.status == 409 && String(decoding: down.body, as: UTF8.self).contains("out of service"))
        }
        try await group.shutdownGracefully()
    }

    @Test("PUT, GET and DELETE /v1/lines/{id}/impairments set, read back and clear; GET /v1/impairments lists impaired lines; bad values are refused")
    func impairments() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let router = AdminRouter.make(try await AdminAPITests.makeAdmin(group: group))
        try await AdminAPITests.serve(router, group: group) { request in
            let body = #"{"bitErrorRate":0.0001,"latencyMilliseconds":20,"dropCarrierAfterSeconds":30}"#
            let sent = ContinuousClock.now
            let set = try await request("PUT", "/v1/lines/1/impairments", ["Content-Type": "application/json"], body: body)
            #expect(set.status == 200, "\(String(decoding: set.body, as: UTF8.self))")
            let read = try JSONDecoder().decode(
                ImpairmentSettings.self, from: try await request("GET", "/v1/lines/1/impairments", [:]).body)
            #expect(read.bitErrorRate == 0.0001 && read.latencyMilliseconds == 20 && read.hardwareOverrunRate == nil)
            // The carrier drop counts down from the PUT: what is left is 30 s less at most the time since.
            let left = read.dropCarrierAfterSeconds ?? 0
            #expect(left <= 30 && left >= 30 - (ContinuousClock.now - sent) / .seconds(1), "\(left) s left")
            let all = try JSONDecoder().decode(
                [String: ImpairmentSettings].self, from: try await request("GET", "/v1/impairments", [:]).body)
            #expect(all.keys.sorted() == ["1"] && all["1"]?.latencyMilliseconds == 20)
            let cleared = try JSONDecoder().decode(
                ImpairmentSettings.self, from: try await request("DELETE", "/v1/lines/1/impairments", [:]).body)
            #expect(cleared == ImpairmentSettings())
            #expect(try await request("GET", "/v1/impairments", [:]).body == Data("{}".utf8))
            let bad = try await request(
                "PUT", "/v1/lines/1/impairments", ["Content-Type": "application/json"], body: #"{"bitErrorRate":2}"#)
            #expect(bad.status == 409 && String(decoding: bad.body, as: UTF8.self).contains("not a probability"))
            #expect(try await request("GET", "/v1/lines/99/impairments", [:]).status == 404)
        }
        try await group.shutdownGracefully()
    }

    @Test("GET /metrics renders Prometheus text with the lines by state and the engine's counters")
    func metrics() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let registry = PrometheusCollectorRegistry()
        let metrics = AdminMetrics(registry: registry, factory: PrometheusMetricsFactory(registry: registry))
        let router = AdminRouter.make(try await AdminAPITests.makeAdmin(group: group), metrics: metrics)
        try await AdminAPITests.serve(router, group: group) { request in
            #expect(try await request("POST", "/v1/lines/2/down", [:]).status == 204)
            #expect(try await request("POST", "/v1/lines/1/ring?from=5550150", [:]).status == 204)
            let text = String(decoding: try await request("GET", "/metrics", [:]).body, as: UTF8.self)
            let samples = try PrometheusText(text)
            #expect(samples[#"pac_lines{state="free"}"#] == 24, "\(text)")
            #expect(samples[#"pac_lines{state="out_of_service"}"#] == 1)
            #expect(samples[#"pac_calls_total{direction="incoming",result="rejected"}"#] == 1, "no PNS is connected")
            #expect(samples[#"pac_calls_active{direction="outgoing"}"#] == 0)
            #expect(samples["pac_keepalive_failures_total"] == 0)
            #expect(samples[#"pac_limit_events_total{limit="closed_no_first_message"}"#] == 0)
            #expect(samples[#"pac_limit_events_total{limit="connections_refused_maximum"}"#] == 0)
            // A second scrape moves counters by what changed, not by their totals again.
            #expect(try await request("POST", "/v1/lines/1/ring?from=5550150", [:]).status == 204)
            let again = try PrometheusText(String(decoding: try await request("GET", "/metrics", [:]).body, as: UTF8.self))
            #expect(again[#"pac_calls_total{direction="incoming",result="rejected"}"#] == 2)
        }
        try await group.shutdownGracefully()
    }

    @Test("GET / serves the self-contained status page, without the token that guards the API")
    func statusPage() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let router = AdminRouter.make(try await AdminAPITests.makeAdmin(group: group), token: "s3cret")
        try await AdminAPITests.serve(router, group: group) { request in
            let page = try await request("GET", "/", [:])
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(page.status == 200 && html.contains("<title>PAC status</title>") && html.contains("/v1/calls"))
            #expect(!html.contains("http://") && !html.contains("https://"), "no external resources")
            #expect(try await request("GET", "/metrics", [:]).status == 401)
        }
        try await group.shutdownGracefully()
    }
}
