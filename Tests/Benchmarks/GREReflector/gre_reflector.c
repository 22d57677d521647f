/*
 * gre_reflector — the fastest user-space enhanced-GRE data path this machine allows, for
 * side-by-side benchmarks against PAC's GRETransport (RFC 2637 §4).
 *
 * How it works: one raw IPv4 socket for IP protocol 47, one blocking loop, no allocation.
 * recvfrom() returns the whole datagram with its IPv4 header; the header is skipped by its
 * IHL. Every enhanced GRE data packet (K and S set, version 1, protocol 0x880B) is answered
 * to its source address with the same payload, the Call ID replaced by the one given with
 * -c (the peer's Call ID; without -c the received one is kept), the same sequence number,
 * and an acknowledgment of that sequence number, so the sender's window keeps opening.
 * Acknowledgment-only and malformed packets are counted and not answered. It reflects only
 * to the address a packet came from: run it inside a test namespace, never on a shared host.
 *
 * It stops by itself after -n packets reflected or -t seconds (default 60), and prints
 * "reflected N ignored M" on exit (also on SIGTERM/SIGINT).
 *
 * -w makes it a control for latency figures: after each reflected packet it busy-waits that
 * many nanoseconds, so it spends as much CPU per packet as the forwarder it is compared with
 * (scripts/bench-gre, "reflector-as-costly").
 *
 * Usage: gre_reflector [-b IPv4-address-to-bind] [-c peer-call-id] [-n max-packets] [-t seconds]
 *                      [-w busy-nanoseconds-per-packet]
 * Needs root or CAP_NET_RAW. Built by scripts/build-gre-reflector with the system cc.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
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

static volatile sig_atomic_t stopping = 0;

static void stop(int signal_number) {
    (void)signal_number;
    stopping = 1;
}

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }

static long long now_nanoseconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void busy_wait(long nanoseconds) {
    long long until = now_nanoseconds() + nanoseconds;
    while (now_nanoseconds() < until) {}
}

int main(int argc, char **argv) {
    const char *bind_address = NULL;
    long peer_call_id = -1;
    unsigned long max_packets = 0;
    unsigned seconds = 60;
    long work_nanoseconds = 0;
    int option;
    while ((option = getopt(argc, argv, "b:c:n:t:w:")) != -1) {
        switch (option) {
        case 'b': bind_address = optarg; break;
        case 'c': peer_call_id = strtol(optarg, NULL, 0); break;
        case 'n': max_packets = strtoul(optarg, NULL, 0); break;
        case 't': seconds = (unsigned)strtoul(optarg, NULL, 0); break;
        case 'w': work_nanoseconds = strtol(optarg, NULL, 0); break;
        default:
            fprintf(stderr, "usage: %s [-b address] [-c peer-call-id] [-n max-packets] [-t seconds] [-w busy-ns]\n", argv[0]);
            return 2;
        }
    }

    int fd = socket(AF_INET, SOCK_RAW, IPPROTO_GRE);
    if (fd < 0) {
        fprintf(stderr, "gre_reflector: raw IP protocol 47 socket: %s%s\n", strerror(errno),
                errno == EPERM ? " (needs root or CAP_NET_RAW)" : "");
        return 1;
    }
    if (bind_address) {
        struct sockaddr_in local = {.sin_family = AF_INET};
        if (inet_pton(AF_INET, bind_address, &local.sin_addr) != 1 ||
            bind(fd, (struct sockaddr *)&local, sizeof local) != 0) {
            fprintf(stderr, "gre_reflector: cannot bind %s: %s\n", bind_address, strerror(errno));
            return 1;
        }
    }
    struct sigaction action = {.sa_handler = stop};  /* no SA_RESTART: recvfrom returns EINTR */
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGALRM, &action, NULL);
    alarm(seconds);

    static uint8_t in[65536], out[65536];
    unsigned long reflected = 0, ignored = 0;
    while (!stopping && (max_packets == 0 || reflected < max_packets)) {
        struct sockaddr_in peer;
        socklen_t peer_length = sizeof peer;
        ssize_t length = recvfrom(fd, in, sizeof in, 0, (struct sockaddr *)&peer, &peer_length);
        if (length < 0) {
            if (errno == EINTR) continue;
            fprintf(stderr, "gre_reflector: recvfrom: %s\n", strerror(errno));
            break;
        }
        size_t ihl = (size_t)(in[0] & 0x0F) * 4;
        if (length < 20 || (in[0] >> 4) != 4 || ihl < 20 || (size_t)length < ihl + 12) { ignored++; continue; }
        const uint8_t *gre = in + ihl;
        size_t gre_length = (size_t)length - ihl;
        uint16_t flags = get16(gre);
        if ((flags & (GRE_KEY | GRE_SEQ)) != (GRE_KEY | GRE_SEQ) || (flags & GRE_VERSION_MASK) != 1 ||
            get16(gre + 2) != GRE_PPP) { ignored++; continue; }
        size_t header = 12 + ((flags & GRE_ACK) ? 4 : 0);
        uint16_t payload_length = get16(gre + 4);
        if (gre_length < header + payload_length) { ignored++; continue; }

        put16(out, GRE_KEY | GRE_SEQ | GRE_ACK | 1);
        put16(out + 2, GRE_PPP);
        put16(out + 4, payload_length);
        put16(out + 6, peer_call_id >= 0 ? (uint16_t)peer_call_id : get16(gre + 6));
        memcpy(out + 8, gre + 8, 4);   /* sequence number: ours mirrors the sender's */
        memcpy(out + 12, gre + 8, 4);  /* acknowledgment: the packet just received */
        memcpy(out + 16, gre + header, payload_length);
        if (sendto(fd, out, 16 + (size_t)payload_length, 0, (struct sockaddr *)&peer, peer_length) < 0) {
            fprintf(stderr, "gre_reflector: sendto: %s\n", strerror(errno));
            break;
        }
        reflected++;
        if (work_nanoseconds > 0) busy_wait(work_nanoseconds);
    }
    printf("reflected %lu ignored %lu\n", reflected, ignored);
    close(fd);
    return 0;
}
