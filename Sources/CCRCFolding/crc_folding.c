// How the folding works: include/crc_folding.h. Each 16-octet block is a polynomial of degree
// 127 with the first octet's least significant bit, the first bit on the line, as its highest
// term; loaded little-endian, bit i of the 128-bit lane is the coefficient of x^(127 - i). A
// block A followed T bits later by block C satisfies A·x^T + C ≡ A_hi·(x^(T+64) mod P)
// + A_lo·(x^T mod P) + C, where A_hi is A's first 8 octets. PCLMULQDQ on bit-reflected
// operands yields the product one place short of where the 128-bit lane wants it; constants
// of x^(T+63) and x^(T-1) instead of x^(T+64) and x^T make up that place.
#include "crc_folding.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define PAC_CLMUL __attribute__((target("pclmul,sse4.1")))

PAC_CLMUL static inline __m128i load(const uint8_t *bytes) {
    return _mm_loadu_si128((const __m128i *)bytes);
}

/// `block` carried `distance` bits further: first-half and second-half constants in `k`.
PAC_CLMUL static inline __m128i fold(__m128i block, __m128i k) {
    return _mm_xor_si128(_mm_clmulepi64_si128(block, k, 0x00), _mm_clmulepi64_si128(block, k, 0x11));
}

PAC_CLMUL static size_t fold_with_clmul(const uint8_t *bytes, size_t count, uint32_t initial_register,
                                        const uint64_t constants[8], uint8_t folded[16]) {
    const __m128i by128 = _mm_set_epi64x((long long)constants[1], (long long)constants[0]);
    const __m128i by256 = _mm_set_epi64x((long long)constants[3], (long long)constants[2]);
    const __m128i by384 = _mm_set_epi64x((long long)constants[5], (long long)constants[4]);
    const __m128i by512 = _mm_set_epi64x((long long)constants[7], (long long)constants[6]);
    const __m128i initial = _mm_cvtsi32_si128((int)initial_register);
    size_t offset;
    __m128i x;
    if (count >= 128) {
        // Four blocks in flight: PCLMULQDQ's latency, not its throughput, bounds one chain.
        __m128i x0 = _mm_xor_si128(load(bytes), initial), x1 = load(bytes + 16);
        __m128i x2 = load(bytes + 32), x3 = load(bytes + 48);
        for (offset = 64; count - offset >= 64; offset += 64) {
            x0 = _mm_xor_si128(fold(x0, by512), load(bytes + offset));
            x1 = _mm_xor_si128(fold(x1, by512), load(bytes + offset + 16));
            x2 = _mm_xor_si128(fold(x2, by512), load(bytes + offset + 32));
            x3 = _mm_xor_si128(fold(x3, by512), load(bytes + offset + 48));
        }
        x = _mm_xor_si128(_mm_xor_si128(fold(x0, by384), fold(x1, by256)), _mm_xor_si128(fold(x2, by128), x3));
    } else {
        x = _mm_xor_si128(load(bytes), initial);
        offset = 16;
    }
    for (; count - offset >= 16; offset += 16) {
        x = _mm_xor_si128(fold(x, by128), load(bytes + offset));
    }
    _mm_storeu_si128((__m128i *)folded, x);
    return offset;
}

int pac_crc_fold_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
}

size_t pac_crc_fold(const uint8_t *bytes, size_t count, uint32_t initial_register,
                    const uint64_t constants[8], uint8_t folded[16]) {
    if (count < 32) return 0;
    return fold_with_clmul(bytes, count, initial_register, constants, folded);
}

#else

int pac_crc_fold_available(void) { return 0; }

size_t pac_crc_fold(const uint8_t *bytes, size_t count, uint32_t initial_register,
                    const uint64_t constants[8], uint8_t folded[16]) {
    (void)bytes; (void)count; (void)initial_register; (void)constants; (void)folded;
    return 0;
}

#endif
