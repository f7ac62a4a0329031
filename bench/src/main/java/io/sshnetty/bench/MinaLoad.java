package io.sshnetty.bench;

import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The load generator's client: Apache MINA SSHD's asynchronous client with one KEX and cipher. */
public final class MinaLoad implements AutoCloseable {
    /** The user every load connection logs in as; the servers' key files are bound to it. */
    public static final String USER = "root";

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Source addresses spread over 127.0.0.x, so that held and closing connections do not run out of ephemeral ports. */
    static final int SOURCE_ADDRESSES = 8;

    private final SshClient client;
    private final KeyPair identity;

    public MinaLoad(Path userKey, String kex, String cipher, String mac) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(userKey)) {
            identity = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(userKey.toString()), in, null).iterator().next();
        }
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> true); // every server of the run has the bench host key
        client.setKeyExchangeFactories(List.of(ClientBuilder.DH2KEX.apply(kex(kex))));
        client.setCipherFactories(List.of(cipher(cipher)));
        if (mac != null) {
            client.setMacFactories(List.of(BuiltinMacs.fromFactoryName(mac)));
        }
        client.start();
    }

    static BuiltinDHFactories kex(String name) {
        BuiltinDHFactories factory = BuiltinDHFactories.fromFactoryName(name);
        if (factory == null) {
            throw new IllegalArgumentException("MINA has no key exchange " + name);
        }
        return factory;
    }

    static BuiltinCiphers cipher(String name) {
        BuiltinCiphers factory = BuiltinCiphers.fromFactoryName(name);
        if (factory == null) {
            throw new IllegalArgumentException("MINA has no cipher " + name);
        }
        return factory;
    }

    /** An authenticated session to {@code target}, from the {@code sequence}-th source address. */
    public ClientSession session(Target target, int sequence) throws IOException {
        return session(target, sequence, TIMEOUT);
    }

    /**
     * Whether one handshake completes within {@code timeout}: a key exchange that one side cannot do
     * (MINA's ML-KEM needs a newer Bouncy Castle than sshnetty's) may otherwise hang for {@link #TIMEOUT}.
     */
    public String probe(Target target, Duration timeout) {
        try (ClientSession session = session(target, 0, timeout)) {
            return session.isAuthenticated() ? null : "not authenticated";
        } catch (IOException | RuntimeException | LinkageError e) {
            return e.toString();
        }
    }

    private ClientSession session(Target target, int sequence, Duration timeout) throws IOException {
        InetSocketAddress local = target.host().startsWith("127.")
                ? new InetSocketAddress("127.0.0." + (2 + Math.floorMod(sequence, SOURCE_ADDRESSES)), 0) : null;
        ClientSession session = client.connect(USER, new InetSocketAddress(target.host(), target.port()), local)
                .verify(timeout).getSession();
        try {
            session.addPublicKeyIdentity(identity);
            session.auth().verify(timeout);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    /** One handshake: connect, KEX, publickey, exec {@code true}, exit status, close. */
    public void handshake(Target target, int sequence) throws IOException {
        try (ClientSession session = session(target, sequence)) {
            int status = exec(session, target.command("true"), null, OutputStream.nullOutputStream());
            if (status != 0) {
                throw new IOException("true exited with " + status);
            }
        }
    }

    /** Runs {@code command} with {@code stdin} (or none) and returns its exit status. */
    public static int exec(ClientSession session, String command, InputStream stdin, OutputStream stdout) throws IOException {
        try (ChannelExec exec = session.createExecChannel(command)) {
            if (stdin != null) {
                exec.setIn(stdin);
            }
            exec.setOut(stdout);
            exec.setErr(OutputStream.nullOutputStream());
            exec.open().verify(TIMEOUT);
            Set<ClientChannelEvent> events = exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            if (!events.contains(ClientChannelEvent.CLOSED)) {
                throw new IOException(command + " did not finish in " + TIMEOUT);
            }
            Integer status = exec.getExitStatus();
            return status == null ? -1 : status;
        }
    }

    /** Opens a session channel and leaves it open, with no request on it. */
    public static ClientChannel openSessionChannel(ClientSession session) throws IOException {
        ClientChannel channel = new org.apache.sshd.client.channel.ChannelSession();
        session.getService(ConnectionService.class).registerChannel(channel);
        channel.open().verify(TIMEOUT);
        return channel;
    }

    @Override
    public void close() throws IOException {
        client.stop();
    }

    /** {@code length} zero bytes. */
    static final class Zeros extends InputStream {
        private long remaining;

        Zeros(long length) {
            this.remaining = length;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            return 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            Arrays.fill(buffer, offset, offset + n, (byte) 0);
            remaining -= n;
            return n;
        }
    }

    /** Counts and discards. */
    static final class Counter extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            count += length;
        }
    }
}
