package io.sshnetty.server;

/**
 * The socket settings of the listening socket and of every accepted connection.
 *
 * @param backlog               connections the kernel queues before {@code accept} (SO_BACKLOG; 1024)
 * @param tcpNoDelay            sends small packets at once (TCP_NODELAY; on, as sshd does for interactive sessions)
 * @param keepAlive             TCP keepalive probes on idle connections (SO_KEEPALIVE; on, like sshd's TCPKeepAlive)
 * @param receiveBufferSize     SO_RCVBUF in bytes; 0 leaves the kernel's default and its auto-tuning
 * @param sendBufferSize        SO_SNDBUF in bytes; 0 leaves the kernel's default and its auto-tuning
 * @param writeLowWaterMark     bytes queued for a connection's socket under which it counts as writable again
 * @param writeHighWaterMark    bytes queued over which it stops counting as writable: a command's output then waits,
 *                              and the server stops reading from that peer until the queue drains
 */
public record SocketOptions(int backlog, boolean tcpNoDelay, boolean keepAlive, int receiveBufferSize,
        int sendBufferSize, int writeLowWaterMark, int writeHighWaterMark) {
    /** 1024, TCP_NODELAY, SO_KEEPALIVE, the kernel's buffer sizes, 64 KiB / 256 KiB water marks. */
    public static final SocketOptions DEFAULT = new SocketOptions(1024, true, true, 0, 0, 64 * 1024, 256 * 1024);

    public SocketOptions {
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1");
        }
        if (receiveBufferSize < 0 || sendBufferSize < 0) {
            throw new IllegalArgumentException("buffer sizes must be 0 (the kernel's) or positive");
        }
        if (writeLowWaterMark < 0 || writeHighWaterMark < writeLowWaterMark) {
            throw new IllegalArgumentException("water marks need 0 <= low <= high");
        }
    }

    public SocketOptions withBacklog(int backlog) {
        return new SocketOptions(backlog, tcpNoDelay, keepAlive, receiveBufferSize, sendBufferSize, writeLowWaterMark,
                writeHighWaterMark);
    }

    public SocketOptions withTcpNoDelay(boolean tcpNoDelay) {
        return new SocketOptions(backlog, tcpNoDelay, keepAlive, receiveBufferSize, sendBufferSize, writeLowWaterMark,
                writeHighWaterMark);
    }

    public SocketOptions withKeepAlive(boolean keepAlive) {
        return new SocketOptions(backlog, tcpNoDelay, keepAlive, receiveBufferSize, sendBufferSize, writeLowWaterMark,
                writeHighWaterMark);
    }

    public SocketOptions withBufferSizes(int receiveBufferSize, int sendBufferSize) {
        return new SocketOptions(backlog, tcpNoDelay, keepAlive, receiveBufferSize, sendBufferSize, writeLowWaterMark,
                writeHighWaterMark);
    }

    public SocketOptions withWriteWaterMarks(int low, int high) {
        return new SocketOptions(backlog, tcpNoDelay, keepAlive, receiveBufferSize, sendBufferSize, low, high);
    }
}
