package io.sshnetty.auth.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.internal.wire.Wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * SSH_MSG_USERAUTH_REQUEST, RFC 4252 §5: the head (user, service, method name) and the method's own fields
 * as one of the {@link Body} records. {@link #decode} reads the whole payload; nothing else reads a request's
 * bytes. The method name decides the body: a name this layer does not know gets {@link Unknown}.
 */
public record UserAuthRequest(String user, String service, String method, Body body) implements SshMessage {
    public static final String NONE = "none";
    public static final String PASSWORD = "password";
    public static final String PUBLICKEY = "publickey";
    /** OpenSSH's PROTOCOL §2.5: publickey whose request and signature also carry the server's host key. */
    public static final String PUBLICKEY_HOSTBOUND = "publickey-hostbound-v00@openssh.com";
    public static final String KEYBOARD_INTERACTIVE = "keyboard-interactive";

    /** User names longer than this are refused (sshd's limit is smaller still on most systems). */
    public static final int MAX_USER_LENGTH = 256;
    /** Longest password read; a longer one is a protocol error, not a slow hash of megabytes. */
    public static final int MAX_PASSWORD_LENGTH = 1024;

    public UserAuthRequest {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(method, "method");
        if (!body.fits(method)) {
            throw new IllegalArgumentException(body.getClass().getSimpleName() + " is not the body of method " + method);
        }
    }

    /**
     * Decodes the whole payload, message number included. The user name's length is checked before anything
     * after it is read; a body with bytes left over is an error.
     *
     * @throws SshProtocolException with {@code PROTOCOL_ERROR} for anything malformed
     */
    public static UserAuthRequest decode(ByteBuf in) {
        int number = Wire.readByte(in);
        if (number != MessageNumbers.USERAUTH_REQUEST) {
            throw SshProtocolException.protocolError("not an authentication request: message " + number);
        }
        String user = AuthFields.readText(in, MAX_USER_LENGTH, "user name");
        String service = AuthFields.readName(in, "service name");
        String method = AuthFields.readName(in, "method name");
        Body body = decodeBody(method, in);
        Wire.expectEnd(in, method + " request");
        return new UserAuthRequest(user, service, method, body);
    }

    private static Body decodeBody(String method, ByteBuf in) {
        switch (method) {
            case NONE:
                return None.INSTANCE;
            case PASSWORD: {
                boolean change = Wire.readBoolean(in);
                String password = AuthFields.readText(in, MAX_PASSWORD_LENGTH, "password");
                String newPassword = change ? AuthFields.readText(in, MAX_PASSWORD_LENGTH, "new password") : null;
                return new Password(password, newPassword);
            }
            case PUBLICKEY:
            case PUBLICKEY_HOSTBOUND: {
                boolean signed = Wire.readBoolean(in);
                String algorithm = AuthFields.readName(in, "public key algorithm");
                byte[] keyBlob = Wire.readBytes(in);
                byte[] hostKey = PUBLICKEY_HOSTBOUND.equals(method) ? Wire.readBytes(in) : null;
                return signed ? new PublicKeyProof(algorithm, keyBlob, hostKey, Wire.readBytes(in))
                        : new PublicKeyQuery(algorithm, keyBlob, hostKey);
            }
            case KEYBOARD_INTERACTIVE: {
                String language = AuthFields.readText(in, Wire.MAX_STRING_LENGTH, "language tag");
                String submethods = AuthFields.readText(in, Wire.MAX_STRING_LENGTH, "submethods");
                return new KeyboardInteractive(language, submethods);
            }
            default: {
                byte[] fields = new byte[in.readableBytes()];
                in.readBytes(fields);
                return new Unknown(fields);
            }
        }
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.USERAUTH_REQUEST;
    }

    /** Writes the request as a client sends it (tests, fuzz corpora). */
    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.USERAUTH_REQUEST);
        Wire.writeUtf8(out, user);
        Wire.writeAscii(out, service);
        Wire.writeAscii(out, method);
        body.encode(out);
    }

    /** A method's fields, after the method name. */
    public sealed interface Body permits None, Password, PublicKeyBody, KeyboardInteractive, Unknown {
        /** Can this be the body of a request naming {@code method}? */
        boolean fits(String method);

        /** Writes the fields after the method name. */
        void encode(ByteBuf out);
    }

    /** "none", RFC 4252 §5.2: no fields. */
    public enum None implements Body {
        INSTANCE;

        @Override
        public boolean fits(String method) {
            return NONE.equals(method);
        }

        @Override
        public void encode(ByteBuf out) {
        }
    }

    /**
     * "password", RFC 4252 §8: the password, and with the change flag set (answering PASSWD_CHANGEREQ) the
     * new one. Never printed: {@link #toString} leaves the secrets out.
     *
     * @param newPassword the new password when the client asks to change, else null
     */
    public record Password(String password, String newPassword) implements Body {
        public Password {
            Objects.requireNonNull(password, "password");
        }

        /** The change flag: the client sends a new password too. */
        public boolean change() {
            return newPassword != null;
        }

        @Override
        public boolean fits(String method) {
            return PASSWORD.equals(method);
        }

        @Override
        public void encode(ByteBuf out) {
            Wire.writeBoolean(out, change());
            Wire.writeUtf8(out, password);
            if (newPassword != null) {
                Wire.writeUtf8(out, newPassword);
            }
        }

        @Override
        public String toString() {
            return "Password[change=" + change() + "]";
        }
    }

    /**
     * "publickey" (RFC 4252 §7) and its host-bound variant: the algorithm, the key blob (not parsed here: the
     * method checks names before it parses a key), and for {@link #PUBLICKEY_HOSTBOUND} the server host key
     * the client believes it talks to.
     */
    public sealed interface PublicKeyBody extends Body permits PublicKeyQuery, PublicKeyProof {
        String algorithm();

        byte[] keyBlob();

        /** The host key blob of a host-bound request; null for plain publickey. */
        byte[] hostKey();

        @Override
        default boolean fits(String method) {
            return (hostKey() == null ? PUBLICKEY : PUBLICKEY_HOSTBOUND).equals(method);
        }
    }

    /** A key offered without a signature: would the server accept it (answered with PK_OK or failure)? */
    public record PublicKeyQuery(String algorithm, byte[] keyBlob, byte[] hostKey) implements PublicKeyBody {
        public PublicKeyQuery {
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(keyBlob, "keyBlob");
        }

        @Override
        public void encode(ByteBuf out) {
            Wire.writeBoolean(out, false);
            Wire.writeAscii(out, algorithm);
            Wire.writeBytes(out, keyBlob);
            if (hostKey != null) {
                Wire.writeBytes(out, hostKey);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PublicKeyQuery other && algorithm.equals(other.algorithm)
                    && Arrays.equals(keyBlob, other.keyBlob) && Arrays.equals(hostKey, other.hostKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(algorithm, Arrays.hashCode(keyBlob), Arrays.hashCode(hostKey));
        }

        @Override
        public String toString() {
            return "PublicKeyQuery[" + algorithm + ", " + keyBlob.length + " bytes" + (hostKey == null ? "" : ", host-bound") + "]";
        }
    }

    /** A key with the signature that proves it (RFC 4252 §7's signed request). */
    public record PublicKeyProof(String algorithm, byte[] keyBlob, byte[] hostKey, byte[] signature) implements PublicKeyBody {
        public PublicKeyProof {
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(keyBlob, "keyBlob");
            Objects.requireNonNull(signature, "signature");
        }

        @Override
        public void encode(ByteBuf out) {
            Wire.writeBoolean(out, true);
            Wire.writeAscii(out, algorithm);
            Wire.writeBytes(out, keyBlob);
            if (hostKey != null) {
                Wire.writeBytes(out, hostKey);
            }
            Wire.writeBytes(out, signature);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PublicKeyProof other && algorithm.equals(other.algorithm)
                    && Arrays.equals(keyBlob, other.keyBlob) && Arrays.equals(hostKey, other.hostKey)
                    && Arrays.equals(signature, other.signature);
        }

        @Override
        public int hashCode() {
            return Objects.hash(algorithm, Arrays.hashCode(keyBlob), Arrays.hashCode(hostKey), Arrays.hashCode(signature));
        }

        @Override
        public String toString() {
            return "PublicKeyProof[" + algorithm + ", " + keyBlob.length + " bytes" + (hostKey == null ? "" : ", host-bound")
                    + ", signature " + signature.length + " bytes]";
        }
    }

    /**
     * "keyboard-interactive", RFC 4256 §3.1: a language tag (deprecated) and the client's submethod hints,
     * comma-separated.
     */
    public record KeyboardInteractive(String language, String submethods) implements Body {
        public KeyboardInteractive {
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(submethods, "submethods");
        }

        /** The submethod hints, empty ones left out. */
        public List<String> submethodHints() {
            List<String> hints = new ArrayList<>();
            for (String hint : submethods.split(",")) {
                if (!hint.isEmpty()) {
                    hints.add(hint);
                }
            }
            return hints;
        }

        @Override
        public boolean fits(String method) {
            return KEYBOARD_INTERACTIVE.equals(method);
        }

        @Override
        public void encode(ByteBuf out) {
            Wire.writeUtf8(out, language);
            Wire.writeUtf8(out, submethods);
        }
    }

    /** A method this layer does not implement: its fields are kept as they came, unread. */
    public record Unknown(byte[] fields) implements Body {
        public Unknown {
            Objects.requireNonNull(fields, "fields");
        }

        @Override
        public boolean fits(String method) {
            return switch (method) {
                case NONE, PASSWORD, PUBLICKEY, PUBLICKEY_HOSTBOUND, KEYBOARD_INTERACTIVE -> false;
                default -> true;
            };
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeBytes(fields);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown other && Arrays.equals(fields, other.fields);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(fields);
        }

        @Override
        public String toString() {
            return "Unknown[" + fields.length + " bytes]";
        }
    }
}
