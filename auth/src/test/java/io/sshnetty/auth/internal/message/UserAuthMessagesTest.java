package io.sshnetty.auth.internal.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.auth.internal.message.UserAuthRequest.KeyboardInteractive;
import io.sshnetty.auth.internal.message.UserAuthRequest.None;
import io.sshnetty.auth.internal.message.UserAuthRequest.Password;
import io.sshnetty.auth.internal.message.UserAuthRequest.PublicKeyProof;
import io.sshnetty.auth.internal.message.UserAuthRequest.PublicKeyQuery;
import io.sshnetty.auth.internal.message.UserAuthRequest.Unknown;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.internal.wire.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inbound authentication messages: round trips, truncations, limits and what a decoder refuses. */
class UserAuthMessagesTest {
    private static final byte[] KEY = bytes(32, 1);
    private static final byte[] HOST_KEY = bytes(51, 2);
    private static final byte[] SIGNATURE = bytes(83, 3);

    static Stream<UserAuthRequest> requests() {
        return Stream.of(
                new UserAuthRequest("alice", "ssh-connection", "none", None.INSTANCE),
                new UserAuthRequest("ünïcödé", "ssh-connection", "password", new Password("sécret", null)),
                new UserAuthRequest("alice", "ssh-connection", "password", new Password("old", "new")),
                new UserAuthRequest("alice", "ssh-connection", "password", new Password("", "")),
                new UserAuthRequest("alice", "ssh-connection", "publickey", new PublicKeyQuery("ssh-ed25519", KEY, null)),
                new UserAuthRequest("alice", "ssh-connection", "publickey",
                        new PublicKeyProof("rsa-sha2-512", KEY, null, SIGNATURE)),
                new UserAuthRequest("alice", "ssh-connection", "publickey-hostbound-v00@openssh.com",
                        new PublicKeyQuery("ssh-ed25519", KEY, HOST_KEY)),
                new UserAuthRequest("alice", "ssh-connection", "publickey-hostbound-v00@openssh.com",
                        new PublicKeyProof("ssh-ed25519", KEY, HOST_KEY, SIGNATURE)),
                new UserAuthRequest("alice", "ssh-connection", "keyboard-interactive", new KeyboardInteractive("", "")),
                new UserAuthRequest("alice", "ssh-connection", "keyboard-interactive",
                        new KeyboardInteractive("en-US", "pam,,skey")),
                new UserAuthRequest("", "ssh-connection", "hostbased", new Unknown(bytes(20, 4))),
                new UserAuthRequest("alice", "ssh-nonsense", "gssapi-with-mic", new Unknown(new byte[0])));
    }

    static Stream<UserAuthInfoResponse> responses() {
        return Stream.of(new UserAuthInfoResponse(List.of()), new UserAuthInfoResponse(List.of("")),
                new UserAuthInfoResponse(List.of("123456", "pässword", "x".repeat(UserAuthInfoResponse.MAX_RESPONSE_LENGTH))));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void everyRequestRoundTrips(UserAuthRequest request) {
        assertEquals(request, roundTrip(request, UserAuthRequest::decode));
    }

    @ParameterizedTest
    @MethodSource("responses")
    void everyInfoResponseRoundTrips(UserAuthInfoResponse response) {
        assertEquals(response, roundTrip(response, UserAuthInfoResponse::decode));
    }

    @Test
    void everyTruncationOfEveryMessageIsADecodeErrorNeverAnIndexError() {
        Stream.concat(requests(), responses()).forEach(message -> {
            ByteBuf whole = Unpooled.buffer();
            message.encode(whole);
            try {
                for (int length = 0; length < whole.readableBytes(); length++) {
                    ByteBuf cut = whole.slice(0, length);
                    int at = length;
                    if (message instanceof UserAuthRequest request && request.body() instanceof Unknown) {
                        // An unknown method's fields end where the message ends: only a cut head is an error.
                        int head = whole.readableBytes() - ((Unknown) request.body()).fields().length;
                        if (length >= head) {
                            assertEquals(request.method(), UserAuthRequest.decode(cut).method());
                            continue;
                        }
                    }
                    SshProtocolException error = assertThrows(SshProtocolException.class, () -> decode(message, cut),
                            message + " cut at " + at);
                    assertEquals(DisconnectReason.PROTOCOL_ERROR, error.reason());
                }
            } finally {
                whole.release();
            }
        });
    }

    @Test
    void bytesAfterTheFieldsOfAKnownMethodAreAnError() {
        requests().filter(request -> !(request.body() instanceof Unknown)).forEach(request -> {
            ByteBuf payload = Unpooled.buffer();
            request.encode(payload);
            payload.writeByte(0);
            try {
                assertThrows(SshProtocolException.class, () -> UserAuthRequest.decode(payload), request.toString());
            } finally {
                payload.release();
            }
        });
        assertThrows(SshProtocolException.class, () -> decode(UserAuthInfoResponse::decode,
                out -> out.writeByte(UserAuthInfoResponse.NUMBER).writeInt(0).writeByte(0)));
    }

    @Test
    void hostBoundRequestCarriesTheHostKeyBetweenTheKeyAndTheSignature() {
        UserAuthRequest request = decode(UserAuthRequest::decode, head("publickey-hostbound-v00@openssh.com", out -> {
            Wire.writeBoolean(out, true);
            Wire.writeAscii(out, "ssh-ed25519");
            Wire.writeBytes(out, KEY);
            Wire.writeBytes(out, HOST_KEY);
            Wire.writeBytes(out, SIGNATURE);
        }));
        PublicKeyProof proof = (PublicKeyProof) request.body();
        assertArrayEquals(HOST_KEY, proof.hostKey());
        assertArrayEquals(SIGNATURE, proof.signature());
        PublicKeyQuery plain = (PublicKeyQuery) decode(UserAuthRequest::decode, head("publickey", out -> {
            Wire.writeBoolean(out, false);
            Wire.writeAscii(out, "ssh-ed25519");
            Wire.writeBytes(out, KEY);
        })).body();
        assertEquals(null, plain.hostKey());
    }

    @Test
    void anOverlongUserNameIsRefusedBeforeAnythingAfterItIsRead() {
        byte[] user = bytes(UserAuthRequest.MAX_USER_LENGTH + 1, 'a');
        SshProtocolException error = assertThrows(SshProtocolException.class, () -> decode(UserAuthRequest::decode, out -> {
            out.writeByte(MessageNumbers.USERAUTH_REQUEST);
            Wire.writeBytes(out, user);
        }));
        assertTrue(error.getMessage().contains("over its limit"), error.getMessage());
    }

    @Test
    void limitsHoldForTheTextAsItWouldBeSentBack() {
        // 200 bytes that are not UTF-8 become 200 U+FFFD, 600 bytes once encoded: over the user name's limit.
        byte[] malformed = bytes(200, 0xff);
        assertThrows(SshProtocolException.class, () -> decode(UserAuthRequest::decode, out -> {
            out.writeByte(MessageNumbers.USERAUTH_REQUEST);
            Wire.writeBytes(out, malformed);
            Wire.writeAscii(out, "ssh-connection");
            Wire.writeAscii(out, "none");
        }));
        UserAuthRequest few = decode(UserAuthRequest::decode, out -> {
            out.writeByte(MessageNumbers.USERAUTH_REQUEST);
            Wire.writeBytes(out, bytes(2, 0xff));
            Wire.writeAscii(out, "ssh-connection");
            Wire.writeAscii(out, "none");
        });
        assertEquals("\ufffd\ufffd", few.user());
        assertEquals(few, roundTrip(few, UserAuthRequest::decode));
    }

    @Test
    void namesMustBePrintableAscii() {
        for (String name : List.of("pass word", "pass\nword", "pässword", "none\u0000")) {
            assertThrows(SshProtocolException.class, () -> decode(UserAuthRequest::decode, head(name, out -> { })), name);
            assertThrows(SshProtocolException.class, () -> decode(UserAuthRequest::decode, out -> {
                out.writeByte(MessageNumbers.USERAUTH_REQUEST);
                Wire.writeUtf8(out, "alice");
                Wire.writeUtf8(out, name);
                Wire.writeAscii(out, "none");
            }), name);
            assertThrows(SshProtocolException.class, () -> decode(UserAuthRequest::decode, head("publickey", out -> {
                Wire.writeBoolean(out, false);
                Wire.writeUtf8(out, name);
                Wire.writeBytes(out, KEY);
            })), name);
        }
    }

    @Test
    void passwordsOverTheirLimitAreRefused() {
        String longest = "p".repeat(UserAuthRequest.MAX_PASSWORD_LENGTH);
        assertEquals(longest, ((Password) decode(UserAuthRequest::decode, head("password", out -> {
            Wire.writeBoolean(out, false);
            Wire.writeUtf8(out, longest);
        })).body()).password());
        assertThrows(SshProtocolException.class, () -> decode(UserAuthRequest::decode, head("password", out -> {
            Wire.writeBoolean(out, true);
            Wire.writeUtf8(out, "old");
            Wire.writeUtf8(out, longest + "p");
        })));
    }

    @Test
    void infoResponseLimitsTheNumberAndLengthOfAnswers() {
        assertThrows(SshProtocolException.class, () -> decode(UserAuthInfoResponse::decode,
                out -> out.writeByte(UserAuthInfoResponse.NUMBER).writeInt(UserAuthInfoResponse.MAX_RESPONSES + 1)));
        assertThrows(SshProtocolException.class, () -> decode(UserAuthInfoResponse::decode,
                out -> out.writeByte(UserAuthInfoResponse.NUMBER).writeInt(-1)));
        assertThrows(SshProtocolException.class, () -> decode(UserAuthInfoResponse::decode, out -> {
            out.writeByte(UserAuthInfoResponse.NUMBER).writeInt(1);
            Wire.writeUtf8(out, "x".repeat(UserAuthInfoResponse.MAX_RESPONSE_LENGTH + 1));
        }));
    }

    @Test
    void aDecoderRefusesAnotherMessageNumber() {
        assertThrows(SshProtocolException.class, () -> decode(UserAuthRequest::decode, out -> out.writeByte(51)));
        assertThrows(SshProtocolException.class, () -> decode(UserAuthInfoResponse::decode,
                out -> out.writeByte(60).writeInt(0)));
    }

    @Test
    void secretsStayOutOfToString() {
        String printed = new UserAuthRequest("alice", "ssh-connection", "password", new Password("hunter2", "hunter3")).toString()
                + new UserAuthInfoResponse(List.of("123456"));
        assertFalse(printed.contains("hunter"), printed);
        assertFalse(printed.contains("123456"), printed);
    }

    @Test
    void aBodyMustBeTheBodyOfTheMethodNamed() {
        assertThrows(IllegalArgumentException.class,
                () -> new UserAuthRequest("a", "ssh-connection", "password", None.INSTANCE));
        assertThrows(IllegalArgumentException.class,
                () -> new UserAuthRequest("a", "ssh-connection", "publickey", new PublicKeyQuery("ssh-ed25519", KEY, HOST_KEY)));
        assertThrows(IllegalArgumentException.class,
                () -> new UserAuthRequest("a", "ssh-connection", "none", new Unknown(new byte[0])));
    }

    @Test
    void submethodHintsLeaveOutEmptyOnes() {
        assertEquals(List.of("pam", "skey"), new KeyboardInteractive("", ",pam,,skey,").submethodHints());
        assertEquals(List.of(), new KeyboardInteractive("", "").submethodHints());
    }

    private static Object decode(SshMessage message, ByteBuf in) {
        return message instanceof UserAuthRequest ? UserAuthRequest.decode(in) : UserAuthInfoResponse.decode(in);
    }

    private static <T extends SshMessage> T roundTrip(T message, Function<ByteBuf, T> decoder) {
        ByteBuf payload = Unpooled.buffer();
        try {
            message.encode(payload);
            T decoded = decoder.apply(payload);
            assertEquals(0, payload.readableBytes());
            return decoded;
        } finally {
            payload.release();
        }
    }

    private static <T> T decode(Function<ByteBuf, T> decoder, Consumer<ByteBuf> writer) {
        ByteBuf payload = Unpooled.buffer();
        try {
            writer.accept(payload);
            return decoder.apply(payload);
        } finally {
            payload.release();
        }
    }

    /** A request from alice for ssh-connection naming {@code method}, then {@code fields}. */
    private static Consumer<ByteBuf> head(String method, Consumer<ByteBuf> fields) {
        return out -> {
            out.writeByte(MessageNumbers.USERAUTH_REQUEST);
            Wire.writeUtf8(out, "alice");
            Wire.writeAscii(out, "ssh-connection");
            out.writeInt(method.getBytes(StandardCharsets.UTF_8).length);
            out.writeBytes(method.getBytes(StandardCharsets.UTF_8));
            fields.accept(out);
        };
    }

    private static byte[] bytes(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
