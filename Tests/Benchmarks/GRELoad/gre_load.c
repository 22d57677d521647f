/*
 * gre_load — the load driver's data path in C, so that the driver is never the slowest part
 * of what scripts/bench-gre measures (docs/performance.md, "GRE forwarding in detail").
 *
 * Why: `pac pns load` drives frames through the same GRESocket and TunnelWindow the PAC uses,
 * at about 6 µs of CPU per echo; the C reflector needs about 4.5, so with the Swift driver a
 * closed loop measured the driver's ceiling (the reflector 84 % busy), not the reflector's.
 * `pac pns load --gre-driver PATH` places the call over the control connection as before and
 * hands the GRE part to this program, which prints the same JSON report.
 *
 * How it works: one raw IPv4 socket for IP protocol 47, non-blocking, read with recvmmsg and
 * written with sendmmsg in batches. It sends enhanced GRE data packets (RFC 2637 §4.1) to -p
 * carrying Call ID -c, numbered from 1, each acknowledging the highest sequence number
 * received so far; it takes the packets that carry Call ID -l. Each frame is the template -x
 * (hex) with the send time (CLOCK_MONOTONIC nanoseconds, big-endian) at octet 8, so its echo
 * gives the round trip. Closed loop (no -r): -n frames in flight, each echo sends the next.
 * Open loop (-r): frames leave at that rate, paced every 200 µs by elapsed time, at most -n
 * outstanding. Frames sent in the first -u seconds are not measured; sending stops after -u
 * plus -s seconds, and the report follows a 300 ms drain. Every 200 µs tick, if frames are
 * outstanding and nothing came back for 200 ms, they are given up ("stalls").
 *
 * Usage: gre_load -p peer -c peer-call-id -l local-call-id -x frame-hex [-n in-flight]
 *                 [-r frames-per-second] [-s seconds] [-u warm-up-seconds] [-P payload-name]
 *                 [-o round-trip-log]
 * Prints one JSON object; -o writes "send-time round-trip" (nanoseconds) per measured echo.
 * Needs root or CAP_NET_RAW. Built by scripts/build-gre-reflector with the system cc.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define GRE_KEY 0x2000u
#define GRE_SEQ 0x1000u
#define GRE_ACK 0x0080u
#define GRE_VERSION_MASK 0x0007u
#define GRE_PPP 0x880Bu
#define BATCH 64
#define MAX_IN_FLIGHT 4096
#define MAX_FRAME 1500
#define TICK_NS 200000LL
#define STALL_NS 200000000LL
#define DRAIN_NS 300000000LL

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }
static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)(v >> 16)); put16(p + 2, (uint16_t)v); }

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int compare_ll(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* The `percent`th percentile in µs, as `pac pns load` computes it. */
static double percentile(const long long *sorted, size_t count, int percent) {
    if (count == 0) return 0;
    size_t index = count * (size_t)percent / 100;
    return (double)sorted[index < count ? index : count - 1] / 1000.0;
}

struct driver {
    int fd;
    struct sockaddr_in peer;
    uint16_t peer_call_id, local_call_id;
    uint8_t frame[MAX_FRAME];
    size_t frame_size;
    int in_flight;
    long rate;
    uint32_t next_seq, highest_received;
    int received_any;
    long outstanding;
    /* Measured frames: echoes counted, their send times and round trips. */
    long long measuring_since;
    unsigned long sent, received, stalls;
    long long *send_times, *round_trips;
    size_t capacity;
    uint8_t out[BATCH * 4][16 + MAX_FRAME];
    struct mmsghdr out_messages[BATCH * 4];
    struct iovec out_vectors[BATCH * 4];
};

/* Sends `count` frames (at most BATCH * 4) in sendmmsg calls, stamped now. */
static int send_frames(struct driver *d, int count, long long now, int measuring) {
    for (int i = 0; i < count; i++) {
        uint8_t *packet = d->out[i];
        size_t header = d->received_any ? 16 : 12;
        put16(packet, (uint16_t)(GRE_KEY | GRE_SEQ | (d->received_any ? GRE_ACK : 0) | 1));
        put16(packet + 2, GRE_PPP);
        put16(packet + 4, (uint16_t)d->frame_size);
        put16(packet + 6, d->peer_call_id);
        put32(packet + 8, d->next_seq++);
        if (d->received_any) put32(packet + 12, d->highest_received);
        memcpy(packet + header, d->frame, d->frame_size);
        for (int octet = 0; octet < 8; octet++) packet[header + 8 + octet] = (uint8_t)((unsigned long long)now >> (56 - 8 * octet));
        d->out_vectors[i] = (struct iovec){.iov_base = packet, .iov_len = header + d->frame_size};
        d->out_messages[i] = (struct mmsghdr){.msg_hdr = {.msg_name = &d->peer, .msg_namelen = sizeof d->peer,
                                                          .msg_iov = &d->out_vectors[i], .msg_iovlen = 1}};
    }
    int done = 0;
    while (done < count) {
        int n = sendmmsg(d->fd, d->out_messages + done, (unsigned)(count - done), 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == ENOBUFS) break;  /* the socket is full: send fewer */
            fprintf(stderr, "gre_load: sendmmsg: %s\n", strerror(errno));
            return -1;
        }
        done += n;
    }
    d->outstanding += done;
    if (measuring) d->sent += (unsigned long)done;
    return done;
}

/* Reads what is queued; returns the echoes taken, or -1 on an error. The message headers are
 * set up once: recvmmsg writes only their lengths and flags. */
static int receive_echoes(struct driver *d, long long now) {
    static uint8_t in[BATCH][2048];
    static struct iovec vectors[BATCH];
    static struct mmsghdr messages[BATCH];
    if (!messages[0].msg_hdr.msg_iov) {
        for (int i = 0; i < BATCH; i++) {
            vectors[i] = (struct iovec){.iov_base = in[i], .iov_len = sizeof in[i]};
            messages[i] = (struct mmsghdr){.msg_hdr = {.msg_iov = &vectors[i], .msg_iovlen = 1}};
        }
    }
    int n = recvmmsg(d->fd, messages, BATCH, MSG_DONTWAIT, NULL);
    if (n < 0) return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
    int echoes = 0;
    for (int i = 0; i < n; i++) {
        const uint8_t *ip = in[i];
        size_t length = messages[i].msg_len, ihl = (size_t)(ip[0] & 0x0F) * 4;
        if (length < 20 || ihl < 20 || length < ihl + 8) continue;
        const uint8_t *gre = ip + ihl;
        uint16_t flags = get16(gre);
        if (!(flags & GRE_KEY) || (flags & GRE_VERSION_MASK) != 1 || get16(gre + 2) != GRE_PPP) continue;
        if (get16(gre + 6) != d->local_call_id || !(flags & GRE_SEQ)) continue;  /* another call's, or an ack alone */
        size_t header = 12 + ((flags & GRE_ACK) ? 4 : 0);
        uint16_t payload = get16(gre + 4);
        if (length < ihl + header + payload || payload < 16) continue;
        uint32_t seq = get32(gre + 8);
        if (!d->received_any || (int32_t)(seq - d->highest_received) > 0) d->highest_received = seq;
        d->received_any = 1;
        long long stamp = 0;
        for (int octet = 0; octet < 8; octet++) stamp = stamp << 8 | gre[header + 8 + octet];
        if (d->outstanding > 0) d->outstanding--;
        echoes++;
        if (d->measuring_since && stamp >= d->measuring_since && d->received < d->capacity) {
            d->send_times[d->received] = stamp;
            d->round_trips[d->received] = now - stamp;
            d->received++;
        }
    }
    return echoes;
}

/* Sends up to `limit` frames, never more than -n outstanding; returns how many, -1 on an error. */
static long fill(struct driver *d, long long now, int measuring, long limit) {
    long room = d->in_flight - d->outstanding, total = 0;
    if (limit < room) room = limit;
    while (room > 0) {
        int batch = room < BATCH * 4 ? (int)room : BATCH * 4;
        int sent = send_frames(d, batch, now, measuring);
        if (sent < 0) return -1;
        total += sent;
        if (sent < batch) break;  /* the socket is full; the next echo or tick goes on */
        room -= sent;
    }
    return total;
}

static int parse_hex(const char *hex, uint8_t *bytes, size_t max) {
    size_t length = strlen(hex);
    if (length % 2 || length / 2 > max || length / 2 < 16) return -1;
    for (size_t i = 0; i < length / 2; i++) {
        unsigned value;
        if (sscanf(hex + 2 * i, "%2x", &value) != 1) return -1;
        bytes[i] = (uint8_t)value;
    }
    return (int)(length / 2);
}

int main(int argc, char **argv) {
    static struct driver d = {.in_flight = 64, .next_seq = 1};
    const char *peer = NULL, *payload_name = "plain", *log_path = NULL, *hex = NULL;
    double seconds = 3, warm_up = 0.5;
    long peer_call_id = -1, local_call_id = -1;
    int option;
    while ((option = getopt(argc, argv, "p:c:l:x:n:r:s:u:P:o:")) != -1) {
        switch (option) {
        case 'p': peer = optarg; break;
        case 'c': peer_call_id = strtol(optarg, NULL, 0); break;
        case 'l': local_call_id = strtol(optarg, NULL, 0); break;
        case 'x': hex = optarg; break;
        case 'n': d.in_flight = atoi(optarg); break;
        case 'r': d.rate = atol(optarg); break;
        case 's': seconds = atof(optarg); break;
        case 'u': warm_up = atof(optarg); break;
        case 'P': payload_name = optarg; break;
        case 'o': log_path = optarg; break;
        default: goto usage;
        }
    }
    if (!peer || !hex || peer_call_id < 0 || peer_call_id > 0xFFFF || local_call_id < 0 || local_call_id > 0xFFFF ||
        d.in_flight < 1 || d.in_flight > MAX_IN_FLIGHT || seconds <= 0 || warm_up < 0 || d.rate < 0) goto usage;
    int frame_size = parse_hex(hex, d.frame, sizeof d.frame);
    if (frame_size < 0) { fprintf(stderr, "gre_load: -x must be 16…%d octets in hex\n", MAX_FRAME); return 2; }
    d.frame_size = (size_t)frame_size;
    d.peer = (struct sockaddr_in){.sin_family = AF_INET};
    if (inet_pton(AF_INET, peer, &d.peer.sin_addr) != 1) { fprintf(stderr, "gre_load: bad peer address %s\n", peer); return 2; }
    d.peer_call_id = (uint16_t)peer_call_id;
    d.local_call_id = (uint16_t)local_call_id;
    d.capacity = 1 << 22;
    d.send_times = malloc(d.capacity * sizeof *d.send_times);
    d.round_trips = malloc(d.capacity * sizeof *d.round_trips);
    d.fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK, IPPROTO_GRE);
    if (d.fd < 0 || !d.send_times || !d.round_trips) {
        fprintf(stderr, "gre_load: raw IP protocol 47 socket: %s%s\n", strerror(errno), errno == EPERM ? " (needs root or CAP_NET_RAW)" : "");
        return 1;
    }

    long long start = now_ns(), measure_at = start + (long long)(warm_up * 1e9);
    long long stop_at = measure_at + (long long)(seconds * 1e9), end_at = stop_at + DRAIN_NS;
    long long last_tick = start, next_tick = start + TICK_NS, last_echo = start;
    double credit = 0;
    int failed = 0;
    if (!d.rate && fill(&d, start, 0, LONG_MAX) < 0) return 1;
    for (;;) {
        long long now = now_ns();
        if (now >= end_at) break;
        if (!d.measuring_since && now >= measure_at) d.measuring_since = now;
        int sending = now < stop_at, measuring = d.measuring_since != 0;
        if (now >= next_tick) {
            if (d.outstanding > 0 && now - last_echo > STALL_NS) { d.stalls++; d.outstanding = 0; last_echo = now; }
            if (d.rate) credit += (double)d.rate * (double)(now - last_tick) / 1e9;
            long sent = sending ? fill(&d, now, measuring, d.rate ? (long)credit : LONG_MAX) : 0;
            if (sent < 0) { failed = 1; break; }
            if (d.rate) credit = credit - (double)sent > d.in_flight ? d.in_flight : credit - (double)sent;
            last_tick = now;
            next_tick = now + TICK_NS - (now - next_tick) % TICK_NS;
        }
        long long wait = next_tick - now;
        struct timespec timeout = {.tv_sec = 0, .tv_nsec = wait > 0 ? wait : 0};
        struct pollfd readable = {.fd = d.fd, .events = POLLIN};
        if (ppoll(&readable, 1, &timeout, NULL) <= 0) continue;
        now = now_ns();
        int echoes = receive_echoes(&d, now);
        if (echoes < 0) { fprintf(stderr, "gre_load: recvmmsg: %s\n", strerror(errno)); failed = 1; break; }
        if (echoes > 0) last_echo = now;
        if (!d.rate && now < stop_at && fill(&d, now, measuring, LONG_MAX) < 0) { failed = 1; break; }
    }
    if (failed) return 1;

    if (log_path) {
        FILE *log = fopen(log_path, "w");
        if (!log) { fprintf(stderr, "gre_load: cannot write %s: %s\n", log_path, strerror(errno)); return 1; }
        for (size_t i = 0; i < d.received; i++) fprintf(log, "%lld %lld\n", d.send_times[i], d.round_trips[i]);
        fclose(log);
    }
    qsort(d.round_trips, d.received, sizeof *d.round_trips, compare_ll);
    printf("{\"framesReceived\":%lu,\"framesSent\":%lu,\"frameSize\":%zu,\"inFlight\":%d,", d.received, d.sent, d.frame_size, d.in_flight);
    if (d.rate) printf("\"offeredPerSecond\":%ld,", d.rate);
    printf("\"p50Microseconds\":%.3f,\"p99Microseconds\":%.3f,\"packetsPerSecond\":%ld,\"payload\":\"%s\",\"seconds\":%g,\"stalls\":%lu}\n",
           percentile(d.round_trips, d.received, 50), percentile(d.round_trips, d.received, 99),
           (long)((double)d.received / seconds), payload_name, seconds, d.stalls);
    return 0;

usage:
    fprintf(stderr, "usage: %s -p peer -c peer-call-id -l local-call-id -x frame-hex [-n in-flight] [-r rate] [-s seconds] "
                    "[-u warm-up] [-P payload-name] [-o round-trip-log]\n", argv[0]);
    return 2;
}
