#ifndef PAC_CRC_FOLDING_H
#define PAC_CRC_FOLDING_H

#include <stddef.h>
#include <stdint.h>

/// Carry-less multiplication folding for the bit-reflected CRCs of PPP (FCS-16 and FCS-32,
/// RFC 1662 §C.2, §C.3), after Intel's "Fast CRC Computation for Generic Polynomials Using
/// PCLMULQDQ" (Gopal et al., 2009). The caller (Sources/HDLC/FoldedCRC.swift) supplies the
/// polynomial's folding constants and finishes the CRC over the folded 16 octets and the
/// remainder with its table.
///
/// `pac_crc_fold_available` says whether this CPU can fold (x86-64 with PCLMULQDQ and SSE4.1);
/// without it the caller runs its table over everything.
int pac_crc_fold_available(void);

/// `pac_crc_fold`, which needs `pac_crc_fold_available()`, folds `bytes` from its start, with `initial_register` XORed into the first
/// octets (a reflected CRC register meets the message there), into the 16 octets `folded`,
/// a message of the same value modulo the polynomial. It returns how many octets it consumed:
/// a multiple of 16, or 0 when `count` is below 32, in which case `folded` is untouched.
///
/// `constants` holds four pairs, one per folding distance of 128, 256, 384 and 512 bits: for
/// a distance of T bits, x^(T+63) and x^(T-1) modulo the polynomial, each bit-reversed into a
/// 64-bit word (the coefficient of x^j in bit 63 - j).
size_t pac_crc_fold(const uint8_t *bytes, size_t count, uint32_t initial_register,
                    const uint64_t constants[8], uint8_t folded[16]);

#endif
