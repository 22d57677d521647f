/* libserialport, plus the Linux serial ioctls it does not wrap: TIOCGICOUNT and its
 * serial_icounter_struct give the UART's frame/overrun/parity/break counters. */
#include <libserialport.h>
#ifdef __linux__
#include <linux/serial.h>
#include <sys/ioctl.h>
#endif
