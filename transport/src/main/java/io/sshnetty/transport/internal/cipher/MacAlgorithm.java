package io.sshnetty.transport.internal.cipher;

import javax.crypto.Mac;

/** A MAC algorithm as negotiated by name (RFC 4253 §6.4), listed once in {@link MacAlgorithms}. */
public interface MacAlgorithm {
    /** The name in KEXINIT's mac_algorithms lists. */
    String name();

    /** Bytes of key material (RFC 4253 §7.2, letters E and F). */
    int keyLength();

    /** Bytes of MAC appended to each packet. */
    int tagLength();

    /**
     * Encrypt-then-MAC (OpenSSH's -etm@openssh.com names): the MAC covers the sequence number, the
     * plain packet length and the ciphertext; otherwise it covers the sequence number and the plain packet.
     */
    boolean encryptThenMac();

    /** A fresh, keyed JCA MAC. */
    Mac create(byte[] key);
}
