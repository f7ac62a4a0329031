package io.sshnetty.transport.internal.kex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.internal.wire.Wire;
import org.bouncycastle.crypto.agreement.DHStandardGroups;
import org.bouncycastle.crypto.params.DHParameters;

import java.util.List;

/**
 * diffie-hellman-group-exchange-sha256 (RFC 4419): the client asks for a group of min ≤ n ≤ max bits
 * (SSH_MSG_KEX_DH_GEX_REQUEST, or the old request with only n), the server picks one of its moduli, then
 * Diffie-Hellman runs on it as in RFC 4253 §8 with messages 32 and 33 and
 * {@code H = SHA-256(V_C || V_S || I_C || I_S || K_S || min || n || max || p || g || e || f || K)}
 * (only n for the old request).
 *
 * <p>The built-in moduli are the safe primes of RFC 3526 (2048 to 8192 bits, generator 2), taken from
 * Bouncy Castle's {@link DHStandardGroups}; groups below {@value #MIN_BITS} bits are never offered (RFC 8270).
 */
public final class GroupExchangeKex implements KexAlgorithm {
    /** SSH_MSG_KEX_DH_GEX_REQUEST_OLD: {@code uint32 n} (RFC 4419 §5). */
    public static final int REQUEST_OLD = 30;
    /** SSH_MSG_KEX_DH_GEX_GROUP: {@code mpint p, mpint g}. */
    public static final int GROUP = 31;
    /** SSH_MSG_KEX_DH_GEX_INIT: {@code mpint e}. */
    public static final int INIT = 32;
    /** SSH_MSG_KEX_DH_GEX_REPLY: {@code string K_S, mpint f, string signature}. */
    public static final int REPLY = 33;
    /** SSH_MSG_KEX_DH_GEX_REQUEST: {@code uint32 min, uint32 n, uint32 max}. */
    public static final int REQUEST = 34;
    /** The smallest modulus offered; RFC 8270 §3 asks for at least 2048 bits. */
    public static final int MIN_BITS = 2048;
    /** The largest modulus offered, as in OpenSSH (RFC 4419 §3 suggests 8192 as the upper limit). */
    public static final int MAX_BITS = 8192;

    /** The built-in moduli, smallest first. */
    private static final List<DHParameters> MODULI = List.of(DHStandardGroups.rfc3526_2048, DHStandardGroups.rfc3526_3072,
            DHStandardGroups.rfc3526_4096, DHStandardGroups.rfc3526_6144, DHStandardGroups.rfc3526_8192);

    private static final String HASH = "SHA-256";

    @Override
    public String name() {
        return "diffie-hellman-group-exchange-sha256";
    }

    /** The client's messages: the request (or the old request), then {@value #INIT} with its value. */
    @Override
    public KexMethodMessage decode(ByteBuf payload) {
        int number = payload.isReadable() ? payload.getUnsignedByte(payload.readerIndex()) : -1;
        switch (number) {
            case REQUEST: return DhGexRequest.decode(payload);
            case REQUEST_OLD: return DhGexRequestOld.decode(payload);
            case INIT: return DhGexInit.decode(payload);
            default: throw SshProtocolException.protocolError("unexpected message " + number + " in group exchange");
        }
    }

    @Override
    public ServerKeyExchange startServer(ExchangeHashInput input) {
        return new Exchange(input);
    }

    /**
     * The modulus for a request: the smallest built-in one of at least {@code n} bits within [min, max],
     * else the largest within it, after clamping the request to [{@value #MIN_BITS}, {@value #MAX_BITS}]
     * as OpenSSH's sshd does.
     *
     * @throws SshProtocolException KEY_EXCHANGE_FAILED when the request is inconsistent or no modulus fits
     */
    static DHParameters choose(int min, int n, int max) {
        if (min < 0 || n < 0 || max < 0 || min > n || n > max) {
            throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED,
                    "group exchange request with min " + min + ", n " + n + ", max " + max);
        }
        int low = Math.max(MIN_BITS, min);
        int high = Math.min(MAX_BITS, max);
        int wanted = Math.min(Math.max(n, low), high);
        DHParameters below = null;
        for (DHParameters group : MODULI) {
            int bits = group.getP().bitLength();
            if (bits < low || bits > high) {
                continue;
            }
            if (bits >= wanted) {
                return group;
            }
            below = group;
        }
        if (below == null) {
            throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED,
                    "no group of " + min + " to " + max + " bits (this server has 2048 to 8192)");
        }
        return below;
    }

    private static final class Exchange implements ServerKeyExchange {
        private final ExchangeHashInput input;
        private int min;
        private int n;
        private int max;
        private boolean oldRequest;
        private DiffieHellmanAgreement group;
        private KexResult result;

        Exchange(ExchangeHashInput input) {
            this.input = input;
        }

        @Override
        public SshMessage handle(KexMethodMessage message) {
            if (group == null && message instanceof DhGexRequest) {
                DhGexRequest request = (DhGexRequest) message;
                min = request.min();
                n = request.n();
                max = request.max();
                return chooseGroup(choose(min, n, max));
            }
            if (group == null && message instanceof DhGexRequestOld) {
                oldRequest = true;
                n = ((DhGexRequestOld) message).n();
                return chooseGroup(choose(Math.min(MIN_BITS, n), n, Math.max(MAX_BITS, n)));
            }
            if (group != null && result == null && message instanceof DhGexInit) {
                return onInit((DhGexInit) message);
            }
            throw SshProtocolException.protocolError("unexpected message " + message.messageNumber() + " in group exchange");
        }

        private SshMessage chooseGroup(DHParameters chosen) {
            group = new DiffieHellmanAgreement(chosen.getP(), chosen.getG());
            return new DhGexGroup(group.prime(), group.generator());
        }

        private SshMessage onInit(DhGexInit init) {
            KeyAgreement.Agreed agreed = group.agree(init.e());
            byte[] hostKeyBlob = input.hostKey().publicKey().encoded();
            ByteBuf hashed = Unpooled.buffer(8192);
            try {
                ExchangeHash.writePrefix(hashed, input, hostKeyBlob);
                if (oldRequest) {
                    hashed.writeInt(n);
                } else {
                    hashed.writeInt(min);
                    hashed.writeInt(n);
                    hashed.writeInt(max);
                }
                Wire.writeMpint(hashed, group.prime());
                Wire.writeMpint(hashed, group.generator());
                ExchangeHash.Completion completion = ExchangeHash.complete(hashed, agreed, HASH, input, hostKeyBlob, REPLY);
                result = completion.result();
                return completion.reply();
            } finally {
                hashed.release();
            }
        }

        @Override
        public KexResult result() {
            return result;
        }
    }

    /** The bit lengths of the built-in moduli. */
    static List<Integer> moduliBits() {
        return MODULI.stream().map(group -> group.getP().bitLength()).toList();
    }

}
