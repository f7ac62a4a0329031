package io.sshnetty.transport.internal.kex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.AlgorithmPreferences;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.internal.message.KexInit;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The server's KEXINIT for one configuration, its name-lists built and encoded once rather than per
 * connection: a connection copies the encoded payload and writes its own random cookie into the copy.
 * Two forms: the first key exchange's, which also offers {@code ext-info-s} and strict KEX, and a re-key's.
 *
 * <p>One configuration is remembered at a time (a server has one; a process running several servers
 * only builds the lists again when they alternate), and only weakly, so a stopped server's configuration
 * and host keys are not kept alive by this cache.
 */
public final class ServerKexInit {
    private static volatile ServerKexInit last;

    private final WeakReference<TransportConfig> config;
    private final KexInit first;
    private final byte[] firstPayload;
    private final KexInit rekey;
    private final byte[] rekeyPayload;

    private ServerKexInit(TransportConfig config, List<String> hostKeyAlgorithms) {
        this.config = new WeakReference<>(config);
        AlgorithmPreferences algorithms = config.algorithms();
        List<String> kex = List.copyOf(algorithms.kex());
        List<String> firstKex = new ArrayList<>(kex);
        firstKex.add(KexAlgorithms.EXT_INFO_SERVER);
        firstKex.add(KexAlgorithms.STRICT_KEX_SERVER);
        byte[] zeroCookie = new byte[KexInit.COOKIE_LENGTH];
        this.first = template(zeroCookie, List.copyOf(firstKex), hostKeyAlgorithms, algorithms);
        this.firstPayload = encode(first);
        this.rekey = template(zeroCookie, kex, hostKeyAlgorithms, algorithms);
        this.rekeyPayload = encode(rekey);
    }

    /**
     * The KEXINIT of {@code config}, built now if the last one asked for was another configuration's.
     *
     * @param hostKeyAlgorithms the host-key signature algorithms to offer, asked only when building
     */
    public static ServerKexInit of(TransportConfig config, Supplier<List<String>> hostKeyAlgorithms) {
        Objects.requireNonNull(config, "config");
        ServerKexInit cached = last;
        if (cached != null && cached.config.get() == config) {
            return cached;
        }
        cached = new ServerKexInit(config, List.copyOf(hostKeyAlgorithms.get()));
        last = cached;
        return cached;
    }

    /**
     * This configuration's KEXINIT with {@code cookie}: the message and its encoded payload (what the
     * exchange hash takes as I_S).
     *
     * @param firstKex whether this is the connection's first key exchange
     */
    public Prepared prepare(byte[] cookie, boolean firstKex) {
        if (cookie.length != KexInit.COOKIE_LENGTH) {
            throw new IllegalArgumentException("a KEXINIT cookie is " + KexInit.COOKIE_LENGTH + " bytes, not " + cookie.length);
        }
        KexInit template = firstKex ? first : rekey;
        byte[] payload = (firstKex ? firstPayload : rekeyPayload).clone();
        // The payload is byte SSH_MSG_KEXINIT, then the cookie.
        System.arraycopy(cookie, 0, payload, 1, KexInit.COOKIE_LENGTH);
        KexInit message = new KexInit(cookie.clone(), template.kexAlgorithms(), template.serverHostKeyAlgorithms(),
                template.encryptionClientToServer(), template.encryptionServerToClient(),
                template.macClientToServer(), template.macServerToClient(),
                template.compressionClientToServer(), template.compressionServerToClient(),
                template.languagesClientToServer(), template.languagesServerToClient(), template.firstKexPacketFollows());
        return new Prepared(message, payload);
    }

    /**
     * One connection's KEXINIT.
     *
     * @param message the message to send
     * @param payload its encoding, from the message number on
     */
    public record Prepared(KexInit message, byte[] payload) {
    }

    private static KexInit template(byte[] cookie, List<String> kex, List<String> hostKeyAlgorithms,
            AlgorithmPreferences algorithms) {
        List<String> ciphers = List.copyOf(algorithms.ciphers());
        List<String> macs = List.copyOf(algorithms.macs());
        List<String> compression = List.copyOf(algorithms.compression());
        return new KexInit(cookie, kex, hostKeyAlgorithms, ciphers, ciphers, macs, macs, compression, compression,
                List.of(), List.of(), false);
    }

    private static byte[] encode(KexInit init) {
        ByteBuf encoded = Unpooled.buffer(init.estimatedSize());
        try {
            init.encode(encoded);
            return ByteBufUtil.getBytes(encoded);
        } finally {
            encoded.release();
        }
    }
}
