package io.sshnetty.transport.internal.kex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.wire.SshProtocolException;

/**
 * A key exchange method of one message each way, numbers 30 and 31: Diffie-Hellman on a fixed group
 * (RFC 4253 §8, RFC 8268), ECDH (RFC 5656 §4), curve25519 (RFC 8731) and the hybrid post-quantum KEMs
 * (draft-ietf-sshm-mlkem-hybrid-kex, draft-josefsson-ntruprime-ssh). The client sends its value, the server
 * answers with its host key, its own value and its signature of
 * {@code H = HASH(V_C || V_S || I_C || I_S || K_S || client value || server value || K)}; the methods
 * differ only in their {@link KeyAgreement} and hash.
 */
public final class OneRoundKex implements KexAlgorithm {
    /** SSH_MSG_KEXDH_INIT, SSH_MSG_KEX_ECDH_INIT, SSH_MSG_KEX_HYBRID_INIT. */
    public static final int INIT = 30;
    /** SSH_MSG_KEXDH_REPLY, SSH_MSG_KEX_ECDH_REPLY, SSH_MSG_KEX_HYBRID_REPLY. */
    public static final int REPLY = 31;

    private final String name;
    private final String hashAlgorithm;
    private final KeyAgreement agreement;

    /**
     * @param name          the method's name in KEXINIT
     * @param hashAlgorithm the JCA name of the method's hash (for H and key derivation)
     * @param agreement     the method's math
     */
    public OneRoundKex(String name, String hashAlgorithm, KeyAgreement agreement) {
        this.name = name;
        this.hashAlgorithm = hashAlgorithm;
        this.agreement = agreement;
    }

    @Override
    public String name() {
        return name;
    }

    /** The JCA name of the method's hash. */
    public String hashAlgorithm() {
        return hashAlgorithm;
    }

    /** The only client message of a one-round method: its value, message {@value #INIT}. */
    @Override
    public KexMethodMessage decode(ByteBuf payload) {
        int number = payload.isReadable() ? payload.getUnsignedByte(payload.readerIndex()) : -1;
        if (number != INIT) {
            throw SshProtocolException.protocolError("unexpected message " + number + " in " + name + " key exchange");
        }
        return EcdhInit.decode(payload);
    }

    @Override
    public ServerKeyExchange startServer(ExchangeHashInput input) {
        return new Exchange(input);
    }

    private final class Exchange implements ServerKeyExchange {
        private final ExchangeHashInput input;
        private KexResult result;

        Exchange(ExchangeHashInput input) {
            this.input = input;
        }

        @Override
        public SshMessage handle(KexMethodMessage message) {
            if (!(message instanceof EcdhInit) || result != null) {
                throw SshProtocolException.protocolError("unexpected message " + message.messageNumber() + " in " + name + " key exchange");
            }
            KeyAgreement.Agreed agreed = agreement.agree(((EcdhInit) message).clientValue());
            byte[] hostKeyBlob = input.hostKey().publicKey().encoded();
            ByteBuf hashed = Unpooled.buffer(2048 + agreed.clientValue().length + agreed.serverValue().length);
            try {
                ExchangeHash.writePrefix(hashed, input, hostKeyBlob);
                ExchangeHash.Completion completion = ExchangeHash.complete(hashed, agreed, hashAlgorithm, input, hostKeyBlob, REPLY);
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
}
