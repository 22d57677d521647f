/*
 * LD_PRELOAD shim for the serial-modem tests: gives pseudo-terminals the modem-control lines
 * and error counters a real UART has, so the real libserialport calls of the production code
 * (sp_open's TIOCMGET, sp_set_dtr, sp_get_signals, TIOCGICOUNT) work against an emulated modem.
 *
 * Only ioctls the kernel refuses on a pty slave are emulated; everything else goes to the
 * real ioctl. State lives in the file named by PAC_MODEM_CONTROL_FILE, one 32-byte slot per
 * pty number (the layout of SerialModem's ModemControlFile):
 *   word 0  lines the DTE drives (TIOCM_DTR | TIOCM_RTS): written here only
 *   word 1  lines the DCE drives (TIOCM_CAR | TIOCM_RNG | TIOCM_CTS | TIOCM_DSR): by the emulator
 *   word 2..5  frame, overrun, parity, break counters (TIOCGICOUNT): by the emulator
 * One writer per word, so neither side needs a lock.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/serial.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

enum { SLOT_BYTES = 32, SLOT_COUNT = 4096, DTE_LINES = TIOCM_DTR | TIOCM_RTS };

typedef int (*ioctl_fn)(int, unsigned long, ...);

static ioctl_fn real_ioctl(void) {
    static ioctl_fn real;
    if (!real) real = (ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
    return real;
}

/* The pty number of a Unix98 pty slave (majors 136-143), or -1. */
static int pty_index(int fd) {
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode)) return -1;
    unsigned int major_number = major(st.st_rdev);
    if (major_number < 136 || major_number > 143) return -1;
    int index = (int)((major_number - 136) * 256 + minor(st.st_rdev));
    return index < SLOT_COUNT ? index : -1;
}

static int slot_io(int index, int word_index, uint32_t *words, int count, int write) {
    const char *path = getenv("PAC_MODEM_CONTROL_FILE");
    if (!path) return -1;
    int file = open(path, write ? O_WRONLY : O_RDONLY | O_CLOEXEC);
    if (file < 0) return -1;
    off_t offset = (off_t)index * SLOT_BYTES + word_index * 4;
    size_t length = (size_t)count * 4;
    ssize_t done = write ? pwrite(file, words, length, offset) : pread(file, words, length, offset);
    close(file);
    return done == (ssize_t)length ? 0 : -1;
}

static int emulate(int fd, unsigned long request, void *argument) {
    int index = pty_index(fd);
    if (index < 0) return -1;
    uint32_t words[6];
    if (slot_io(index, 0, words, 6, 0) != 0) return -1;
    switch (request) {
    case TIOCMGET:
        *(int *)argument = (int)(words[0] | words[1]);
        return 0;
    case TIOCMSET:
    case TIOCMBIS:
    case TIOCMBIC: {
        uint32_t bits = (uint32_t)*(int *)argument & DTE_LINES;
        uint32_t dte = request == TIOCMSET ? bits : request == TIOCMBIS ? (words[0] | bits) : (words[0] & ~bits);
        return slot_io(index, 0, &dte, 1, 1);
    }
    case TIOCGICOUNT: {
        struct serial_icounter_struct *counts = argument;
        memset(counts, 0, sizeof *counts);
        counts->frame = (int)words[2];
        counts->overrun = (int)words[3];
        counts->parity = (int)words[4];
        counts->brk = (int)words[5];
        return 0;
    }
    default:
        return -1;
    }
}

int ioctl(int fd, unsigned long request, ...) {
    va_list list;
    va_start(list, request);
    void *argument = va_arg(list, void *);
    va_end(list);
    int result = real_ioctl()(fd, request, argument);
    if (result == 0 || (errno != ENOTTY && errno != EINVAL)) return result;
    int saved = errno;
    switch (request) {
    case TIOCMGET: case TIOCMSET: case TIOCMBIS: case TIOCMBIC: case TIOCGICOUNT:
        if (emulate(fd, request, argument) == 0) return 0;
        break;
    }
    errno = saved;
    return result;
}
