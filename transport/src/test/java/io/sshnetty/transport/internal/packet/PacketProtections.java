package io.sshnetty.transport.internal.packet;

import io.sshnetty.transport.internal.cipher.CipherAlgorithm;
import io.sshnetty.transport.internal.cipher.CipherAlgorithms;
import io.sshnetty.transport.internal.cipher.MacAlgorithm;
import io.sshnetty.transport.internal.cipher.MacAlgorithms;
import io.sshnetty.transport.internal.cipher.NoneCipher;
import io.sshnetty.transport.internal.cipher.PacketCipher;

import java.util.ArrayList;
import java.util.List;

/**
 * Test support for the packet codec's fuzz targets: every protection of the cipher table (none, each AEAD
 * cipher, each other cipher with each MAC) with fixed keys, so that seeds sealed once stay valid.
 */
final class PacketProtections {
    /** A plain SSH_MSG_NEWKEYS packet: length 12, padding 10, the message number, ten zero bytes. */
    static final byte[] PLAIN_NEWKEYS = {0, 0, 0, 12, 10, 21, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** The sequence number of the first packet after that NEWKEYS (no strict-KEX reset). */
    static final int FIRST_SEQUENCE = 1;

    /** One protection: a cipher and, unless it authenticates itself, a MAC; neither for "none". */
    record Protection(String name, CipherAlgorithm cipher, MacAlgorithm mac) {
        /** A fresh instance of one direction, keyed alike every time. */
        PacketCipher create(boolean encrypt) {
            if (cipher == null) {
                return NoneCipher.INSTANCE;
            }
            return cipher.create(encrypt, fixedBytes(cipher.keyLength(), 1), fixedBytes(cipher.ivLength(), 2),
                    mac, mac == null ? null : fixedBytes(mac.keyLength(), 3));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Protection> ALL = all();

    private PacketProtections() {
    }

    /** The protection a fuzz input's selector byte picks. */
    static Protection pick(byte selector) {
        return ALL.get((selector & 0xff) % ALL.size());
    }

    /** Bytes to add to a body of {@code length} so that the packet is aligned as {@code cipher} needs. */
    static int fill(PacketCipher cipher, int length) {
        int aligned = length + (cipher.lengthIsAligned() ? 4 : 0);
        int block = cipher.blockSize();
        return (block - aligned % block) % block;
    }

    private static List<Protection> all() {
        List<Protection> all = new ArrayList<>();
        all.add(new Protection("none", null, null));
        for (CipherAlgorithm cipher : CipherAlgorithms.all().values()) {
            if (cipher.isAead()) {
                all.add(new Protection(cipher.name(), cipher, null));
            } else {
                for (MacAlgorithm mac : MacAlgorithms.all().values()) {
                    all.add(new Protection(cipher.name() + " + " + mac.name(), cipher, mac));
                }
            }
        }
        return List.copyOf(all);
    }

    private static byte[] fixedBytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i * 7);
        }
        return bytes;
    }
}
