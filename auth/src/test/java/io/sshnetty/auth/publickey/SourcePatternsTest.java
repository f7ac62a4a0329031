package io.sshnetty.auth.publickey;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** from="…" patterns, sshd's semantics: wildcards, CIDR, negation wins, no match is no entry. */
class SourcePatternsTest {
    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource(delimiter = ';', value = {
        "127.0.0.1; 127.0.0.1; true",
        "10.0.0.0/8; 127.0.0.1; false",
        "10.0.0.0/8; 10.200.3.4; true",
        "127.0.0.0/8,10.0.0.0/8; 127.0.0.1; true",
        "192.168.1.128/25; 192.168.1.127; false",
        "192.168.1.128/25; 192.168.1.200; true",
        "0.0.0.0/0; 8.8.8.8; true",
        "127.0.0.*; 127.0.0.9; true",
        "127.0.0.?; 127.0.0.10; false",
        "127.0.0.?; 127.0.0.1; true",
        "*; 1.2.3.4; true",
        "*,!127.0.0.1; 127.0.0.1; false",
        "!127.0.0.1,*; 127.0.0.1; false",
        "!10.0.0.0/8; 127.0.0.1; false",
        "*,!10.0.0.0/8; 10.1.1.1; false",
        "*,!10.0.0.0/8; 127.0.0.1; true",
        "10.0.0.1/8; 10.0.0.1; false",
        "10.0.0.0/33; 10.0.0.1; false",
        "127.0.0.1,10.0.0.0/99; 127.0.0.1; false",
        "localhost; 127.0.0.1; false",
        "*.example.com; 127.0.0.1; false",
        "::1; ::1; true",
        "::2; ::1; false",
        "127.0.0.1/32; 127.0.0.1; true",
        "300.0.0.1; 127.0.0.1; false",
        "0:0:0:0:0:0:0:1; ::1; true",
        "::1/128; ::1; true",
        "fe80::/10; fe80::1; true",
        "fe80::/10; ::1; false",
        "::/0; 127.0.0.1; false",
    })
    void matchesAsSshdDoes(String patterns, String address, boolean expected) throws Exception {
        assertEquals(expected, SourcePatterns.matches(patterns, InetAddress.getByName(address)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = ';', value = {
        "10.0.0.0/8; true",
        "10.0.0.0/8,127.0.0.1; true",
        "::1/128; true",
        "10.0.0.*; false",
        "10.0.0.0/40; false",
        "host.example; false",
    })
    void certificateSourceAddressMustBeAListOfBlocks(String patterns, boolean expected) {
        assertEquals(expected, SourcePatterns.isCidrList(patterns));
    }
}
