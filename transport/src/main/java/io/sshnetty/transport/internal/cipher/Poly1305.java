package io.sshnetty.transport.internal.cipher;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The Poly1305 one-time authenticator (RFC 8439 §2.5) over a region of a packet's own memory, in
 * 26-bit limbs so every product fits a long. One call computes one tag.
 *
 * <p>Long messages are taken four blocks at a time as h = (h + m1)·r⁴ + m2·r³ + m3·r² + m4·r, so the
 * four products are independent and the carries run once per four blocks rather than once per block.
 *
 * <p>Written here rather than taken from Bouncy Castle, whose Poly1305 takes only byte arrays (a direct
 * packet buffer would be copied into one), reads its input a byte at a time and carries after every
 * block: this one runs ≈ 2.5 times as fast on 32 KiB packets (1.15 against 0.45 GB/s on one core here, JDK
 * 17 and 25 alike); on SFTP downloads with chacha20-poly1305 it was half of the event loop's time.
 */
final class Poly1305 {
    static final int KEY_LENGTH = 32;
    static final int TAG_LENGTH = 16;
    private static final int BLOCK = 16;
    private static final int FOUR_BLOCKS = 4 * BLOCK;
    private static final long MASK26 = 0x3ffffff;
    private static final long MASK32 = 0xffffffffL;
    /** 2^128 in the top limb: the bit every full block gets. */
    private static final long HIGH_BIT = 1L << 24;

    /** Offsets in the scratch array: r, h, r², r³, r⁴, five limbs each. */
    private static final int R = 0;
    private static final int H = 5;
    private static final int R2 = 10;
    private static final int R3 = 15;
    private static final int R4 = 20;
    /**
     * The limbs of one tag computation: scratch shared by every tag computed on a thread, so that a tag
     * allocates nothing (a {@code long[5]} per tag and three per long message were 4% of a bulk
     * transfer's allocation) and a connection's cipher holds no more memory than it did.
     */
    private static final ThreadLocal<long[]> SCRATCH = ThreadLocal.withInitial(() -> new long[R4 + 5]);
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private Poly1305() {
    }

    /**
     * Writes the tag of {@code [index, index + length)} of {@code data} under the one-time key at
     * {@code key[keyOffset]} (r, then s) into {@code tag[0..16)}. The buffer's byte order is left as found.
     */
    static void tag(byte[] key, int keyOffset, ByteBuffer data, int index, int length, byte[] tag) {
        long t0 = keyWord(key, keyOffset);
        long t1 = keyWord(key, keyOffset + 4);
        long t2 = keyWord(key, keyOffset + 8);
        long t3 = keyWord(key, keyOffset + 12);
        long[] s = SCRATCH.get();
        // r, clamped (RFC 8439 §2.5), in five 26-bit limbs.
        s[R] = t0 & 0x3ffffff;
        s[R + 1] = (t0 >>> 26 | t1 << 6) & 0x3ffff03;
        s[R + 2] = (t1 >>> 20 | t2 << 12) & 0x3ffc0ff;
        s[R + 3] = (t2 >>> 14 | t3 << 18) & 0x3f03fff;
        s[R + 4] = t3 >>> 8 & 0x00fffff;
        Arrays.fill(s, H, H + 5, 0);

        ByteOrder order = data.order();
        data.order(ByteOrder.LITTLE_ENDIAN);
        int end = index + length;
        int p = index;
        if (length >= 2 * FOUR_BLOCKS) {
            p = fourBlocksAtATime(s, data, p, end);
        }
        blockAtATime(s, data, p, end);
        data.order(order);
        finish(s, key, keyOffset, tag);
    }

    /** The unsigned little-endian 32-bit word at {@code key[offset]}. */
    private static long keyWord(byte[] key, int offset) {
        return (int) LE_INT.get(key, offset) & MASK32;
    }

    /** Adds the full four-block groups from {@code p} on into h; returns where it stopped. */
    private static int fourBlocksAtATime(long[] s, ByteBuffer data, int p, int end) {
        multiply(s, R, R, R2);
        multiply(s, R2, R, R3);
        multiply(s, R2, R2, R4);
        long r40 = s[R4];
        long r41 = s[R4 + 1];
        long r42 = s[R4 + 2];
        long r43 = s[R4 + 3];
        long r44 = s[R4 + 4];
        long r30 = s[R3];
        long r31 = s[R3 + 1];
        long r32 = s[R3 + 2];
        long r33 = s[R3 + 3];
        long r34 = s[R3 + 4];
        long r20 = s[R2];
        long r21 = s[R2 + 1];
        long r22 = s[R2 + 2];
        long r23 = s[R2 + 3];
        long r24 = s[R2 + 4];
        long r10 = s[R];
        long r11 = s[R + 1];
        long r12 = s[R + 2];
        long r13 = s[R + 3];
        long r14 = s[R + 4];
        // 5·r limbs: a product's part above 2^130 folds back times 5 (2^130 ≡ 5 mod p).
        long s41 = r41 * 5;
        long s42 = r42 * 5;
        long s43 = r43 * 5;
        long s44 = r44 * 5;
        long s31 = r31 * 5;
        long s32 = r32 * 5;
        long s33 = r33 * 5;
        long s34 = r34 * 5;
        long s21 = r21 * 5;
        long s22 = r22 * 5;
        long s23 = r23 * 5;
        long s24 = r24 * 5;
        long s11 = r11 * 5;
        long s12 = r12 * 5;
        long s13 = r13 * 5;
        long s14 = r14 * 5;
        long h0 = s[H];
        long h1 = s[H + 1];
        long h2 = s[H + 2];
        long h3 = s[H + 3];
        long h4 = s[H + 4];
        for (; end - p >= FOUR_BLOCKS; p += FOUR_BLOCKS) {
            // a = h + block 1 (times r⁴), b = block 2 (r³), c = block 3 (r²), e = block 4 (r).
            long lo = data.getLong(p);
            long hi = data.getLong(p + 8);
            long a0 = h0 + (lo & MASK26);
            long a1 = h1 + (lo >>> 26 & MASK26);
            long a2 = h2 + ((lo >>> 52 | hi << 12) & MASK26);
            long a3 = h3 + (hi >>> 14 & MASK26);
            long a4 = h4 + (hi >>> 40 | HIGH_BIT);
            lo = data.getLong(p + 16);
            hi = data.getLong(p + 24);
            long b0 = lo & MASK26;
            long b1 = lo >>> 26 & MASK26;
            long b2 = (lo >>> 52 | hi << 12) & MASK26;
            long b3 = hi >>> 14 & MASK26;
            long b4 = hi >>> 40 | HIGH_BIT;
            lo = data.getLong(p + 32);
            hi = data.getLong(p + 40);
            long c0 = lo & MASK26;
            long c1 = lo >>> 26 & MASK26;
            long c2 = (lo >>> 52 | hi << 12) & MASK26;
            long c3 = hi >>> 14 & MASK26;
            long c4 = hi >>> 40 | HIGH_BIT;
            lo = data.getLong(p + 48);
            hi = data.getLong(p + 56);
            long e0 = lo & MASK26;
            long e1 = lo >>> 26 & MASK26;
            long e2 = (lo >>> 52 | hi << 12) & MASK26;
            long e3 = hi >>> 14 & MASK26;
            long e4 = hi >>> 40 | HIGH_BIT;
            // Twenty products per limb, each below 2^55: the sums stay below 2^60.
            long d0 = a0 * r40 + a1 * s44 + a2 * s43 + a3 * s42 + a4 * s41
                    + b0 * r30 + b1 * s34 + b2 * s33 + b3 * s32 + b4 * s31
                    + c0 * r20 + c1 * s24 + c2 * s23 + c3 * s22 + c4 * s21
                    + e0 * r10 + e1 * s14 + e2 * s13 + e3 * s12 + e4 * s11;
            long d1 = a0 * r41 + a1 * r40 + a2 * s44 + a3 * s43 + a4 * s42
                    + b0 * r31 + b1 * r30 + b2 * s34 + b3 * s33 + b4 * s32
                    + c0 * r21 + c1 * r20 + c2 * s24 + c3 * s23 + c4 * s22
                    + e0 * r11 + e1 * r10 + e2 * s14 + e3 * s13 + e4 * s12;
            long d2 = a0 * r42 + a1 * r41 + a2 * r40 + a3 * s44 + a4 * s43
                    + b0 * r32 + b1 * r31 + b2 * r30 + b3 * s34 + b4 * s33
                    + c0 * r22 + c1 * r21 + c2 * r20 + c3 * s24 + c4 * s23
                    + e0 * r12 + e1 * r11 + e2 * r10 + e3 * s14 + e4 * s13;
            long d3 = a0 * r43 + a1 * r42 + a2 * r41 + a3 * r40 + a4 * s44
                    + b0 * r33 + b1 * r32 + b2 * r31 + b3 * r30 + b4 * s34
                    + c0 * r23 + c1 * r22 + c2 * r21 + c3 * r20 + c4 * s24
                    + e0 * r13 + e1 * r12 + e2 * r11 + e3 * r10 + e4 * s14;
            long d4 = a0 * r44 + a1 * r43 + a2 * r42 + a3 * r41 + a4 * r40
                    + b0 * r34 + b1 * r33 + b2 * r32 + b3 * r31 + b4 * r30
                    + c0 * r24 + c1 * r23 + c2 * r22 + c3 * r21 + c4 * r20
                    + e0 * r14 + e1 * r13 + e2 * r12 + e3 * r11 + e4 * r10;
            d1 += d0 >>> 26;
            h0 = d0 & MASK26;
            d2 += d1 >>> 26;
            h1 = d1 & MASK26;
            d3 += d2 >>> 26;
            h2 = d2 & MASK26;
            d4 += d3 >>> 26;
            h3 = d3 & MASK26;
            h4 = d4 & MASK26;
            h0 += (d4 >>> 26) * 5;
            h1 += h0 >>> 26;
            h0 &= MASK26;
        }
        s[H] = h0;
        s[H + 1] = h1;
        s[H + 2] = h2;
        s[H + 3] = h3;
        s[H + 4] = h4;
        return p;
    }

    /**
     * Adds {@code [p, end)} into h a block at a time: full blocks with the 2^128 bit, then the last, partial
     * block (if any) as its bytes, then 0x01, then zeros, with no 2^128 bit.
     */
    private static void blockAtATime(long[] s, ByteBuffer data, int p, int end) {
        long r0 = s[R];
        long r1 = s[R + 1];
        long r2 = s[R + 2];
        long r3 = s[R + 3];
        long r4 = s[R + 4];
        long s1 = r1 * 5;
        long s2 = r2 * 5;
        long s3 = r3 * 5;
        long s4 = r4 * 5;
        long h0 = s[H];
        long h1 = s[H + 1];
        long h2 = s[H + 2];
        long h3 = s[H + 3];
        long h4 = s[H + 4];
        for (; p < end; p += BLOCK) {
            long lo;
            long hi;
            long highBit;
            if (end - p >= BLOCK) {
                lo = data.getLong(p);
                hi = data.getLong(p + 8);
                highBit = HIGH_BIT;
            } else {
                lo = 0;
                hi = 0;
                for (int i = end - 1; i >= p; i--) {
                    hi = hi << 8 | lo >>> 56;
                    lo = lo << 8 | data.get(i) & 0xff;
                }
                int bits = (end - p) * 8;
                if (bits < 64) {
                    lo |= 1L << bits;
                } else {
                    hi |= 1L << (bits - 64);
                }
                highBit = 0;
            }
            h0 += lo & MASK26;
            h1 += lo >>> 26 & MASK26;
            h2 += (lo >>> 52 | hi << 12) & MASK26;
            h3 += hi >>> 14 & MASK26;
            h4 += hi >>> 40 | highBit;

            long d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
            long d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
            long d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
            long d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
            long d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;

            d1 += d0 >>> 26;
            h0 = d0 & MASK26;
            d2 += d1 >>> 26;
            h1 = d1 & MASK26;
            d3 += d2 >>> 26;
            h2 = d2 & MASK26;
            d4 += d3 >>> 26;
            h3 = d3 & MASK26;
            h4 = d4 & MASK26;
            h0 += (d4 >>> 26) * 5;
            h1 += h0 >>> 26;
            h0 &= MASK26;
        }
        s[H] = h0;
        s[H + 1] = h1;
        s[H + 2] = h2;
        s[H + 3] = h3;
        s[H + 4] = h4;
    }

    /**
     * {@code s[to..to+5) = s[a..a+5)·s[b..b+5) mod p}, limbs carried back below 2^26 (limb 1 may reach
     * 2^26 + 1), as the loops expect of r's powers.
     */
    private static void multiply(long[] s, int a, int b, int to) {
        long a0 = s[a];
        long a1 = s[a + 1];
        long a2 = s[a + 2];
        long a3 = s[a + 3];
        long a4 = s[a + 4];
        long b0 = s[b];
        long b1 = s[b + 1];
        long b2 = s[b + 2];
        long b3 = s[b + 3];
        long b4 = s[b + 4];
        long s1 = b1 * 5;
        long s2 = b2 * 5;
        long s3 = b3 * 5;
        long s4 = b4 * 5;
        long d0 = a0 * b0 + a1 * s4 + a2 * s3 + a3 * s2 + a4 * s1;
        long d1 = a0 * b1 + a1 * b0 + a2 * s4 + a3 * s3 + a4 * s2;
        long d2 = a0 * b2 + a1 * b1 + a2 * b0 + a3 * s4 + a4 * s3;
        long d3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + a4 * s4;
        long d4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0;
        d1 += d0 >>> 26;
        d2 += d1 >>> 26;
        d3 += d2 >>> 26;
        d4 += d3 >>> 26;
        long h0 = (d0 & MASK26) + (d4 >>> 26) * 5;
        s[to] = h0 & MASK26;
        s[to + 1] = (d1 & MASK26) + (h0 >>> 26);
        s[to + 2] = d2 & MASK26;
        s[to + 3] = d3 & MASK26;
        s[to + 4] = d4 & MASK26;
    }

    /** Reduces h fully mod p = 2^130 - 5 and writes (h + s) mod 2^128, little-endian. */
    private static void finish(long[] s, byte[] key, int keyOffset, byte[] tag) {
        long h0 = s[H];
        long h1 = s[H + 1];
        long h2 = s[H + 2];
        long h3 = s[H + 3];
        long h4 = s[H + 4];
        long c = h1 >>> 26;
        h1 &= MASK26;
        h2 += c;
        c = h2 >>> 26;
        h2 &= MASK26;
        h3 += c;
        c = h3 >>> 26;
        h3 &= MASK26;
        h4 += c;
        c = h4 >>> 26;
        h4 &= MASK26;
        h0 += c * 5;
        c = h0 >>> 26;
        h0 &= MASK26;
        h1 += c;

        long g0 = h0 + 5;
        c = g0 >>> 26;
        g0 &= MASK26;
        long g1 = h1 + c;
        c = g1 >>> 26;
        g1 &= MASK26;
        long g2 = h2 + c;
        c = g2 >>> 26;
        g2 &= MASK26;
        long g3 = h3 + c;
        c = g3 >>> 26;
        g3 &= MASK26;
        long g4 = h4 + c - (1L << 26);
        long useG = ~(g4 >> 63); // all ones when h + 5 reached 2^130, i.e. h >= p
        h0 = h0 & ~useG | g0 & useG;
        h1 = h1 & ~useG | g1 & useG;
        h2 = h2 & ~useG | g2 & useG;
        h3 = h3 & ~useG | g3 & useG;
        h4 = h4 & ~useG | g4 & useG;

        long f0 = ((h0 | h1 << 26) & MASK32) + keyWord(key, keyOffset + 16);
        long f1 = ((h1 >>> 6 | h2 << 20) & MASK32) + keyWord(key, keyOffset + 20) + (f0 >>> 32);
        long f2 = ((h2 >>> 12 | h3 << 14) & MASK32) + keyWord(key, keyOffset + 24) + (f1 >>> 32);
        long f3 = ((h3 >>> 18 | h4 << 8) & MASK32) + keyWord(key, keyOffset + 28) + (f2 >>> 32);
        LE_INT.set(tag, 0, (int) f0);
        LE_INT.set(tag, 4, (int) f1);
        LE_INT.set(tag, 8, (int) f2);
        LE_INT.set(tag, 12, (int) f3);
    }
}
