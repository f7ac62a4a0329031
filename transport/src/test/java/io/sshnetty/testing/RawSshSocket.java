package io.sshnetty.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The project's hostile client: a plain blocking socket with its own framing, for what no real client
 * sends — floods of plaintext packets that are never read, garbage instead of an identification line,
 * idle sockets that never speak. It knows only the unencrypted binary packet format (RFC 4253 §6: length,
 * padding length, payload, at least four bytes of padding, a multiple of eight in all), so it can act
 * before and during the first key exchange; anything after NEWKEYS belongs to a real client.
 */
public final class RawSshSocket implements AutoCloseable {
    public static final String IDENTIFICATION = "SSH-2.0-RawSshSocket_1.0";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawSshSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects with the system's default receive buffer. */
    public static RawSshSocket connect(InetSocketAddress server) throws IOException {
        return connect(server, 0);
    }

    /**
     * Connects with a receive buffer of {@code receiveBuffer} bytes (0: the system's default); a small one
     * makes a peer that never reads fill up quickly, so the server's side of the socket backs up.
     */
    public static RawSshSocket connect(InetSocketAddress server, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setTcpNoDelay(true);
        socket.connect(server, 5000);
        return new RawSshSocket(socket);
    }

    /** Connects from {@code localAddress} (e.g. 127.0.0.2, another source on loopback). */
    public static RawSshSocket connectFrom(InetSocketAddress server, java.net.InetAddress localAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.setTcpNoDelay(true);
        socket.connect(server, 5000);
        return new RawSshSocket(socket);
    }

    /** Sends our identification line, CR LF included. */
    public RawSshSocket sendIdentification() throws IOException {
        return sendLine(IDENTIFICATION);
    }

    /** Sends {@code line} followed by CR LF. */
    public RawSshSocket sendLine(String line) throws IOException {
        return sendRaw((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    public RawSshSocket sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Sends a PROXY protocol v2 header (PROXY command, TCP over IPv4) naming {@code source} as the client and
     * {@code destination} as the address it connected to: what a load balancer sends, or a client pretending.
     */
    public RawSshSocket sendProxyV2(InetSocketAddress source, InetSocketAddress destination) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(28);
        header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        header.put((byte) 0x21).put((byte) 0x11).putShort((short) 12);
        header.put(source.getAddress().getAddress()).put(destination.getAddress().getAddress());
        header.putShort((short) source.getPort()).putShort((short) destination.getPort());
        return sendRaw(header.array());
    }

    /** Sends a PROXY protocol v1 header line (TCP4) naming {@code source} as the client. */
    public RawSshSocket sendProxyV1(InetSocketAddress source, InetSocketAddress destination) throws IOException {
        return sendLine("PROXY TCP4 " + source.getAddress().getHostAddress() + " " + destination.getAddress().getHostAddress()
                + " " + source.getPort() + " " + destination.getPort());
    }

    /** One unencrypted binary packet around {@code payload} (its first byte is the message number). */
    public static byte[] plainPacket(byte[] payload) {
        int padding = 8 - (5 + payload.length) % 8;
        if (padding < 4) {
            padding += 8;
        }
        ByteBuffer packet = ByteBuffer.allocate(5 + payload.length + padding);
        packet.putInt(1 + payload.length + padding).put((byte) padding).put(payload);
        return packet.array();
    }

    /**
     * The payload of a client SSH_MSG_KEXINIT (RFC 4253 §7.1) offering only {@code kex} and
     * {@code hostKeyAlgorithm}, AES-GCM, and no compression.
     */
    public static byte[] kexInit(String kex, String hostKeyAlgorithm) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(20);
        out.writeBytes(new byte[16]);
        String cipher = "aes128-gcm@openssh.com";
        for (String list : new String[] {kex, hostKeyAlgorithm, cipher, cipher, "hmac-sha2-256", "hmac-sha2-256", "none",
                "none", "", ""}) {
            byte[] bytes = list.getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        out.write(0);
        out.writeBytes(new byte[4]);
        return out.toByteArray();
    }

    /** Sends {@link #plainPacket} of {@code payload}. */
    public RawSshSocket sendPacket(byte[] payload) throws IOException {
        return sendRaw(plainPacket(payload));
    }

    /**
     * Sends {@code count} copies of the packet around {@code payload}, in writes of about 64 KiB, until all
     * are sent or the server stops taking them for {@code stall} (its receive buffer full because it
     * stopped reading, or the connection closed). Returns how many packets went out whole.
     */
    public long flood(byte[] payload, long count, Duration stall) throws IOException {
        return flood(payload, count, stall, new AtomicLong());
    }

    /** As {@link #flood(byte[], long, Duration)}, counting the packets sent so far in {@code progress}. */
    public long flood(byte[] payload, long count, Duration stall, AtomicLong progress) throws IOException {
        byte[] packet = plainPacket(payload);
        int perWrite = Math.max(1, 65536 / packet.length);
        byte[] batch = new byte[perWrite * packet.length];
        for (int i = 0; i < perWrite; i++) {
            System.arraycopy(packet, 0, batch, i * packet.length, packet.length);
        }
        long sent = 0;
        Thread writer = Thread.currentThread();
        while (sent < count) {
            int n = (int) Math.min(perWrite, count - sent);
            Thread watchdog = stallWatchdog(writer, stall);
            try {
                out.write(batch, 0, n * packet.length);
            } catch (SocketException closed) {
                return sent;
            } finally {
                watchdog.interrupt();
            }
            if (socket.isClosed()) {
                return sent;
            }
            sent += n;
            progress.set(sent);
        }
        out.flush();
        return sent;
    }

    /** Closes the socket if a write blocks longer than {@code stall}: blocking socket writes ignore interrupts. */
    private Thread stallWatchdog(Thread writer, Duration stall) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(stall.toMillis());
                socket.close();
            } catch (InterruptedException | IOException done) {
                // the write finished in time
            }
        }, "raw-ssh-socket-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    /** Reads one line (up to LF, without CR LF), or null at EOF; waits at most {@code timeout}. */
    public String readLine(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
    }

    /**
     * Reads one unencrypted packet and returns its payload, or null at EOF; waits at most {@code timeout}.
     * Only valid before the first NEWKEYS.
     */
    public byte[] readPacket(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        byte[] header = readFully(5);
        if (header == null) {
            return null;
        }
        int length = ByteBuffer.wrap(header).getInt();
        int padding = header[4] & 0xff;
        if (length < 1 + padding || length > 256 * 1024) {
            throw new IOException("bad packet length " + length);
        }
        byte[] rest = readFully(length - 1);
        if (rest == null) {
            throw new IOException("EOF inside a packet");
        }
        return Arrays.copyOf(rest, length - 1 - padding);
    }

    private byte[] readFully(int n) throws IOException {
        byte[] bytes = new byte[n];
        int read = 0;
        while (read < n) {
            int r = in.read(bytes, read, n - read);
            if (r < 0) {
                return null;
            }
            read += r;
        }
        return bytes;
    }

    /**
     * Reads and discards whatever arrives until the server closes the connection; true if it did within
     * {@code timeout}, false if the connection was still open then.
     */
    public boolean awaitClosedByServer(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[65536];
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException open) {
                return false;
            } catch (SocketException reset) {
                return true;
            }
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
