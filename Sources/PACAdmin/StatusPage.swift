import Hummingbird

/// `GET /`: the live status page. Self-contained (no CDN, no build step): the script polls
/// `/v1/status`, `/v1/calls`, `/v1/lines`, `/v1/peers` and `/v1/impairments` once a second
/// and redraws. With an admin token, open the page as `/#token=TOKEN`; the script sends it as
/// a bearer token.
enum StatusPage {
    static func response() -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: .init(string: html)))
    }

    static let html = #"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>PAC status</title>
        <style>
        :root { --bg:#f6f7f9; --panel:#fff; --ink:#1d2330; --dim:#6b7385; --line:#e3e6ec;
                --ok:#1f8a4c; --warn:#b26b00; --bad:#c62f2f; --accent:#2457c5; }
        * { box-sizing:border-box; }
        body { margin:0; background:var(--bg); color:var(--ink);
               font:13px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; }
        header { display:flex; align-items:center; gap:18px; padding:10px 18px; background:#1d2330; color:#fff; }
        header h1 { font-size:15px; margin:0; font-weight:600; letter-spacing:.02em; }
        header .tiles { display:flex; gap:16px; flex-wrap:wrap; }
        .tile b { font-size:15px; font-variant-numeric:tabular-nums; margin-right:4px; }
        .tile { color:#c9cfdb; }
        #pulse { margin-left:auto; color:#c9cfdb; font-size:12px; }
        #pulse::before { content:"●"; margin-right:6px; color:#5fd38d; }
        #pulse.stale::before { color:#ff6b6b; }
        main { padding:12px 18px; display:grid; gap:14px; }
        section { background:var(--panel); border:1px solid var(--line); border-radius:6px; overflow:auto; }
        section h2 { font-size:12px; text-transform:uppercase; letter-spacing:.06em; color:var(--dim);
                     margin:0; padding:8px 10px; border-bottom:1px solid var(--line); }
        section h2 span { text-transform:none; letter-spacing:0; margin-left:6px; }
        table { border-collapse:collapse; width:100%; }
        th, td { padding:3px 10px; text-align:left; white-space:nowrap; }
        th { font-weight:600; color:var(--dim); font-size:11px; border-bottom:1px solid var(--line); }
        td.n, th.n { text-align:right; font-variant-numeric:tabular-nums; }
        td.mono { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:12px; }
        tbody tr:nth-child(even) { background:#fafbfc; }
        tbody tr.busy { background:#eef4ff; }
        .empty { color:var(--dim); padding:8px 10px; }
        .state { display:inline-block; padding:0 7px; border-radius:9px; font-size:11px; font-weight:600; }
        .s-ok { background:#e3f5ea; color:var(--ok); } .s-work { background:#fff3dc; color:var(--warn); }
        .s-bad { background:#fde6e6; color:var(--bad); } .s-idle { background:#eef0f4; color:var(--dim); }
        .err { color:var(--bad); font-weight:600; } .zero { color:#b8bec9; } .imp { color:var(--warn); }
        #error { display:none; margin:12px 18px 0; padding:8px 10px; border-radius:6px;
                 background:#fde6e6; color:var(--bad); }
        </style></head>
        <body>
        <header><h1>PAC</h1><div class="tiles" id="tiles"></div><div id="pulse">connecting…</div></header>
        <div id="error"></div>
        <main>
          <section><h2>Calls<span id="calls-count"></span></h2><div id="calls"></div></section>
          <section><h2>Lines<span id="lines-count"></span></h2><div id="lines"></div></section>
          <section><h2>PNS peers<span id="peers-count"></span></h2><div id="peers"></div></section>
        </main>
        <script>
        "use strict";
        const token = new URLSearchParams(location.hash.slice(1)).get("token");
        const headers = token ? { Authorization: "Bearer " + token } : {};
        const $ = id => document.getElementById(id);
        const esc = v => String(v ?? "").replace(/[&<>"]/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;","\"":"&quot;"})[c]);
        const num = v => `<td class="n${v ? "" : " zero"}">${esc(v ?? 0)}</td>`;
        const errs = v => `<td class="n${v ? " err" : " zero"}">${esc(v ?? 0)}</td>`;
        const bps = v => v >= 1e6 ? (v / 1e6).toFixed(2) + "M" : v >= 1e3 ? (v / 1e3).toFixed(1) + "k" : String(v);
        const duration = s => { s = Math.floor(s); const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60);
          return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(s % 60).padStart(2, "0"); };
        function badge(text) {
          const kind = /^connected|^free|^yes/.test(text) ? "s-ok"
            : /out of service|failed/.test(text) ? "s-bad"
            : /^idle/.test(text) ? "s-idle" : "s-work";
          return `<span class="state ${kind}">${esc(text)}</span>`;
        }
        function table(columns, rows, rowClass) {
          if (!rows.length) return `<div class="empty">none</div>`;
          const head = columns.map(([title, numeric]) => `<th${numeric ? ' class="n"' : ""}>${title}</th>`).join("");
          const body = rows.map(r => `<tr class="${rowClass ? rowClass(r) : ""}">${r.cells.join("")}</tr>`).join("");
          return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
        }
        function speed(callState) {
          const m = /connected (\d+)\/(\d+)/.exec(callState);
          return m ? bps(+m[1]) + " / " + bps(+m[2]) : "";
        }
        function impairment(i) {
          if (!i) return "";
          const parts = [];
          if (i.bitErrorRate) parts.push("BER " + i.bitErrorRate.toExponential(0));
          if (i.latencyMilliseconds) parts.push(i.latencyMilliseconds + " ms");
          if (i.hardwareOverrunRate) parts.push("overrun " + i.hardwareOverrunRate.toExponential(0));
          if (i.dropCarrierAfterSeconds != null) parts.push("carrier drop in " + Math.ceil(i.dropCarrierAfterSeconds) + " s");
          return parts.join(" · ");
        }
        function render(status, calls, lines, peers, impairments) {
          const byState = Object.entries(status.lines).sort().map(([s, n]) => `${n} ${s}`).join(" · ");
          $("tiles").innerHTML = [
            [status.calls, "calls"], [status.establishedConnections, "PNS connected"],
            [byState, "lines"],
          ].map(([v, label]) => `<span class="tile"><b>${esc(v)}</b>${label}</span>`).join("");
          $("calls-count").textContent = calls.length;
          $("calls").innerHTML = table(
            [["Call"], ["Peer call"], ["Line"], ["Direction"], ["Phase"], ["Peer"], ["Up", 1], ["Speed"],
             ["Pkts tx", 1], ["Pkts rx", 1], ["Octets tx", 1], ["Octets rx", 1], ["Lost", 1], ["Drops", 1], ["Window", 1], ["RTT ms", 1]],
            calls.map(c => {
              const t = c.tunnel || {}, line = lines.find(l => l.id === c.line) || {};
              const drops = (t.dropsTransmitQueueFull || 0) + (t.dropsFrameTooLarge || 0) + (t.dropsStale || 0) + (t.dropsDuplicate || 0);
              return { cells: [`<td class="mono">${esc(c.callID)}</td>`, `<td class="mono">${esc(c.peerCallID ?? "–")}</td>`,
                `<td class="mono">${esc(c.line)}</td>`, `<td>${esc(c.direction)}</td>`, `<td>${badge(c.phase)}</td>`,
                `<td class="mono">${esc(c.peer)}</td>`, `<td class="n">${duration(c.secondsUp)}</td>`,
                `<td>${speed(line.callState || "")}</td>`, num(t.packetsSent), num(t.packetsReceived),
                num(t.octetsSent), num(t.octetsReceived), errs(t.packetsLost), errs(drops),
                num(t.transmitWindow), `<td class="n">${t.roundTripMilliseconds != null ? t.roundTripMilliseconds.toFixed(1) : ""}</td>`] };
            }));
          $("lines-count").textContent = lines.length;
          $("lines").innerHTML = table(
            [["Line"], ["Bearer"], ["Ch", 1], ["Availability"], ["Call state"], ["Speed"], ["Impairments"], ["Call"], ["Send ACCM"], ["Recv ACCM"],
             ["Calls", 1], ["Frames tx", 1], ["Frames rx", 1], ["CRC", 1], ["Framing", 1], ["HW ovr", 1], ["Buf ovr", 1], ["Timeout", 1], ["Align", 1]],
            lines.map(l => {
              const s = l.statistics;
              return { busy: l.callState !== "idle", cells: [`<td class="mono">${esc(l.id)}</td>`, `<td>${esc(l.bearer)}</td>`,
                `<td class="n">${esc(l.channel)}</td>`, `<td>${badge(l.availability)}</td>`, `<td>${badge(l.callState.replace(/ \d+\/\d+$/, ""))}</td>`,
                `<td>${speed(l.callState)}</td>`, `<td class="imp">${esc(impairment(impairments[l.id]))}</td>`,
                `<td class="mono">${esc(l.callID ?? "")}</td>`,
                `<td class="mono">${esc(l.sendACCM)}</td>`, `<td class="mono">${esc(l.receiveACCM)}</td>`, num(l.callsCarried),
                num(s.framesSent), num(s.framesReceived), errs(s.crcErrors), errs(s.framingErrors), errs(s.hardwareOverruns),
                errs(s.bufferOverruns), errs(s.timeouts), errs(s.alignmentErrors)] };
            }), r => r.busy ? "busy" : "");
          $("peers-count").textContent = peers.length;
          $("peers").innerHTML = table(
            [["Conn"], ["Address"], ["Origin"], ["Established"], ["Host name"], ["Vendor"], ["Calls", 1], ["Violations", 1]],
            peers.map(p => ({ cells: [`<td class="mono">${esc(p.connection)}</td>`, `<td class="mono">${esc(p.address)}</td>`,
              `<td>${esc(p.origin)}</td>`, `<td>${badge(p.established ? "yes" : "setting up")}</td>`, `<td>${esc(p.hostName ?? "")}</td>`,
              `<td>${esc(p.vendorName ?? "")}</td>`, num(p.calls), errs(p.violations)] })));
        }
        async function get(path) {
          const reply = await fetch(path, { headers, cache: "no-store" });
          if (!reply.ok) throw new Error(`${path}: HTTP ${reply.status} ${await reply.text()}`);
          return reply.json();
        }
        async function refresh() {
          try {
            const [status, calls, lines, peers, impairments] = await Promise.all(
              ["/v1/status", "/v1/calls", "/v1/lines", "/v1/peers", "/v1/impairments"].map(get));
            render(status, calls, lines, peers, impairments);
            $("error").style.display = "none";
            $("pulse").className = "";
            $("pulse").textContent = "live · " + new Date().toLocaleTimeString();
          } catch (error) {
            $("error").style.display = "block";
            $("error").textContent = "Cannot read the admin API: " + error.message;
            $("pulse").className = "stale";
          }
        }
        refresh();
        setInterval(refresh, 1000);
        </script>
        </body></html>
        """#
}
