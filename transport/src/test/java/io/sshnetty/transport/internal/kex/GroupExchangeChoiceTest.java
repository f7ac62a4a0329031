package io.sshnetty.transport.internal.kex;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which built-in modulus a group exchange request gets (RFC 4419 §3: honour min, n and max). */
class GroupExchangeChoiceTest {
    @Test
    void builtInModuliSpan2048To8192Bits() {
        assertEquals(List.of(2048, 3072, 4096, 6144, 8192), GroupExchangeKex.moduliBits());
    }

    @ParameterizedTest(name = "min {0}, n {1}, max {2} -> {3} bits")
    @CsvSource({
        "2048, 2048, 8192, 2048",
        "2048, 3072, 8192, 3072",
        "2048, 3500, 8192, 4096",
        "2048, 7680, 8192, 8192",
        "2048, 8192, 8192, 8192",
        "1024, 1024, 8192, 2048",
        "1024, 2048, 4096, 2048",
        "2048, 5000, 5000, 4096",
        "3072, 8192, 16384, 8192",
        "6144, 6144, 6144, 6144",
    })
    void picksTheSmallestModulusOfAtLeastNBitsWithinMinAndMax(int min, int n, int max, int bits) {
        assertEquals(bits, GroupExchangeKex.choose(min, n, max).getP().bitLength());
    }
}
