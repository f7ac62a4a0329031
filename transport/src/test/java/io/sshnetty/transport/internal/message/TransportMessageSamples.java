package io.sshnetty.transport.internal.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.internal.kex.DhGexInit;
import io.sshnetty.transport.internal.kex.DhGexRequest;
import io.sshnetty.transport.internal.kex.DhGexRequestOld;
import io.sshnetty.transport.internal.kex.EcdhInit;
import io.sshnetty.transport.internal.kex.KexAlgorithm;
import io.sshnetty.transport.internal.kex.KexAlgorithms;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.wire.SshProtocolException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Test support: one or more valid instances of every inbound transport message, and the decoders that read them. */
final class TransportMessageSamples {
    static final KexAlgorithm ONE_ROUND = KexAlgorithms.byName("curve25519-sha256").orElseThrow();
    static final KexAlgorithm GROUP_EXCHANGE = KexAlgorithms.byName("diffie-hellman-group-exchange-sha256").orElseThrow();

    /** Every decoder a payload can meet: the transport's own, and each family of key exchange methods. */
    static final List<Function<ByteBuf, SshMessage>> DECODERS = List.of(TransportMessage::decode, ONE_ROUND::decode,
            GROUP_EXCHANGE::decode);

    private TransportMessageSamples() {
    }

    /** A message and the decoder that reads it back. */
    record Sample(SshMessage message, Function<ByteBuf, SshMessage> decoder) {
        @Override
        public String toString() {
            return message.getClass().getSimpleName() + "#" + message.messageNumber();
        }
    }

    static List<Sample> all() {
        Map<String, String> extensions = new LinkedHashMap<>();
        extensions.put("server-sig-algs", "ssh-ed25519,rsa-sha2-512");
        extensions.put("ping@openssh.com", "0");
        byte[] cookie = new byte[KexInit.COOKIE_LENGTH];
        cookie[3] = 7;
        List<SshMessage> transport = List.of(
                new Disconnect(2, "bad packet ✗", "en"),
                new Disconnect(11, "", ""),
                new Ignore(new byte[0]),
                new Ignore(new byte[] {1, 2, 3, (byte) 0xff}),
                new Unimplemented(-2),
                new Debug(true, "debug ✓", ""),
                new Debug(false, "", "de"),
                new ServiceRequest("ssh-userauth"),
                new ServiceAccept("ssh-userauth"),
                new ExtInfo(extensions),
                new ExtInfo(Map.of()),
                new KexInit(cookie, List.of("curve25519-sha256", "ext-info-c", "kex-strict-c-v00@openssh.com"),
                        List.of("ssh-ed25519"), List.of("aes128-ctr"), List.of("aes128-ctr", "chacha20-poly1305@openssh.com"),
                        List.of("hmac-sha2-256"), List.of("hmac-sha2-256-etm@openssh.com"), List.of("none"),
                        List.of("none", "zlib@openssh.com"), List.of(), List.of("en"), true),
                new KexInit(cookie, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                        List.of(), List.of(), false),
                NewKeys.INSTANCE,
                new Ping(new byte[] {9, 8, 7}),
                new Pong(new byte[0]));
        List<Sample> samples = new ArrayList<>();
        transport.forEach(message -> samples.add(new Sample(message, TransportMessage::decode)));
        samples.add(new Sample(new EcdhInit(new byte[32]), ONE_ROUND::decode));
        samples.add(new Sample(new EcdhInit(new byte[0]), ONE_ROUND::decode));
        samples.add(new Sample(new DhGexRequest(2048, 3072, 8192), GROUP_EXCHANGE::decode));
        samples.add(new Sample(new DhGexRequest(-1, 0, -1), GROUP_EXCHANGE::decode));
        samples.add(new Sample(new DhGexRequestOld(4096), GROUP_EXCHANGE::decode));
        samples.add(new Sample(new DhGexInit(new byte[] {0, (byte) 0x80, 1}), GROUP_EXCHANGE::decode));
        return samples;
    }

    static byte[] encode(SshMessage message) {
        ByteBuf out = Unpooled.buffer();
        try {
            message.encode(out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** Decodes all of {@code payload}, or returns null for a decode error; anything else propagates. */
    static SshMessage decodeOrNull(Function<ByteBuf, SshMessage> decoder, byte[] payload) {
        ByteBuf in = Unpooled.wrappedBuffer(payload);
        try {
            SshMessage message = decoder.apply(in);
            if (in.isReadable()) {
                throw new AssertionError(message + " decoded with " + in.readableBytes() + " bytes left");
            }
            return message;
        } catch (SshProtocolException e) {
            return null;
        } finally {
            in.release();
        }
    }
}
