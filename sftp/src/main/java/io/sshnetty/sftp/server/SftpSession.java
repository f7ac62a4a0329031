package io.sshnetty.sftp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.sshnetty.connection.session.SessionInfo;
import io.sshnetty.sftp.codec.Extensions;
import io.sshnetty.sftp.codec.SftpDecodeException;
import io.sshnetty.sftp.codec.SftpPacket;
import io.sshnetty.sftp.codec.SftpPackets;
import io.sshnetty.sftp.codec.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * One SFTP session on one channel. The command thread reads packets from the channel, decodes them and
 * hands each request to a lane: requests on one handle run one after another in arrival order, path
 * requests likewise in their own lane, and different lanes run side by side on the workers
 * (draft-ietf-secsh-filexfer-02 §6.1 asks only that requests on one file keep their order). A writer
 * sends replies as they complete; request ids let the client match them. Every request reserves its
 * size and the size of its largest reply from a byte budget before it is read further, and returns it
 * once the reply has left, so a client that pipelines without limit only fills the channel's window.
 */
final class SftpSession {
    private static final Logger log = LoggerFactory.getLogger(SftpSession.class);
    /** The version we speak; a client offering more gets this (draft-02 §4). */
    static final int VERSION = 3;
    /** Reserved for a reply that is not a READ's or READDIR's: STATUS, HANDLE, ATTRS, one NAME. */
    private static final int SMALL_REPLY = 2 * 1024;
    private static final int READDIR_REPLY = 80 * 1024;

    /** A reply to send and the budget it returns once sent; {@code reply == null} ends the writer. */
    private record Outgoing(SftpPacket reply, int cost) {
    }

    private final SftpSubsystem config;
    private final SessionInfo session;
    private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
    private final Semaphore budget;
    private final LinkedBlockingQueue<Outgoing> outgoing = new LinkedBlockingQueue<>();
    private final CountDownLatch writerDone = new CountDownLatch(1);
    private final Map<String, ArrayDeque<Runnable>> lanes = new HashMap<>();
    private final Handles handles;
    private final FileOperations operations;
    private boolean initialized;

    /** Coalesces replies into channel packets: two of OpenSSH's 32 KiB reads' DATA replies at a time. */
    private static final int REPLY_BUFFER_SIZE = 64 * 1024;

    SftpSession(SftpSubsystem config, SessionInfo session) {
        this.config = config;
        this.session = session;
        this.budget = new Semaphore(config.maxInFlightBytes);
        this.handles = new Handles(config.maxOpenHandles);
        this.operations = new FileOperations(config, session.user(), handles, allocator);
    }

    int run(InputStream in, OutputStream out) throws IOException, InterruptedException {
        log.debug("[{}] sftp session for {}", session.connectionId(), session.user());
        // Replies are written in pieces (a DATA header, then its data in the chunks a buffer copies out in);
        // buffering them makes one channel packet of many, and the writer flushes whenever it runs dry.
        OutputStream buffered = new BufferedOutputStream(out, REPLY_BUFFER_SIZE);
        config.executor.execute(() -> writeReplies(buffered));
        try {
            readRequests(in);
        } finally {
            // Every request returns its budget once its reply is written (or dropped): then all is done.
            budget.acquireUninterruptibly(config.maxInFlightBytes);
            outgoing.add(new Outgoing(null, 0));
            writerDone.await();
            handles.closeAll();
            log.debug("[{}] sftp session for {} ended", session.connectionId(), session.user());
        }
        return 0;
    }

    // --- reading -----------------------------------------------------------------------------------

    private void readRequests(InputStream in) throws IOException, InterruptedException {
        byte[] lengthBytes = new byte[4];
        while (readFully(in, lengthBytes, 4)) {
            int length = (lengthBytes[0] & 0xff) << 24 | (lengthBytes[1] & 0xff) << 16 | (lengthBytes[2] & 0xff) << 8
                    | (lengthBytes[3] & 0xff);
            if (length < 1 || length > config.maxPacketLength) {
                if (!skipOversized(in, Integer.toUnsignedLong(length))) {
                    return;
                }
                continue;
            }
            budget.acquire(length);
            ByteBuf body = allocator.heapBuffer(length, length);
            SftpPacket packet;
            try {
                while (body.isWritable()) {
                    if (body.writeBytes(in, body.writableBytes()) < 0) {
                        log.debug("[{}] sftp: stream ended inside a packet", session.connectionId());
                        budget.release(length);
                        return;
                    }
                }
                packet = SftpPackets.decode(body);
            } catch (SftpDecodeException e) {
                log.debug("[{}] sftp: bad packet: {}", session.connectionId(), e.getMessage());
                refuse(e.requestId(), StatusCode.BAD_MESSAGE, e.getMessage(), length);
                continue;
            } catch (IOException | RuntimeException | Error e) {
                budget.release(length);
                throw e;
            } finally {
                body.release();
            }
            dispatch(packet, length);
        }
    }

    /** A length we will not hold: answer BAD_MESSAGE to its id and read past it, so the session lives on. */
    private boolean skipOversized(InputStream in, long length) throws IOException, InterruptedException {
        byte[] head = new byte[5];
        long id = SftpDecodeException.NO_REQUEST_ID;
        if (length >= 5) {
            if (!readFully(in, head, 5)) {
                return false;
            }
            id = Integer.toUnsignedLong((head[1] & 0xff) << 24 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 8 | (head[4] & 0xff));
            length -= 5;
        }
        byte[] sink = new byte[8192];
        while (length > 0) {
            int n = in.read(sink, 0, (int) Math.min(sink.length, length));
            if (n < 0) {
                return false;
            }
            length -= n;
        }
        log.debug("[{}] sftp: packet over {} bytes skipped", session.connectionId(), config.maxPacketLength);
        budget.acquire(SMALL_REPLY);
        refuse(id, StatusCode.BAD_MESSAGE, "packet too long", SMALL_REPLY);
        return true;
    }

    private void dispatch(SftpPacket packet, int cost) throws InterruptedException {
        if (packet instanceof SftpPacket.Init) {
            if (initialized) {
                log.debug("[{}] sftp: INIT again, ignored", session.connectionId());
                budget.release(cost);
                return;
            }
            initialized = true;
            // draft-02 §4: the server answers with the version it will use; we speak 3 whatever is offered.
            send(new SftpPacket.Version(VERSION, Extensions.ANNOUNCED), cost);
            return;
        }
        if (!(packet instanceof SftpPacket.Request)) {
            packet.release();
            long id = packet instanceof SftpPacket.Identified ? Integer.toUnsignedLong(((SftpPacket.Identified) packet).id())
                    : SftpDecodeException.NO_REQUEST_ID;
            refuse(id, StatusCode.BAD_MESSAGE, "not a request", cost);
            return;
        }
        SftpPacket.Request request = (SftpPacket.Request) packet;
        if (!initialized) {
            request.release();
            refuse(Integer.toUnsignedLong(request.id()), StatusCode.BAD_MESSAGE, "no INIT yet", cost);
            return;
        }
        int reserve = replyReserve(request);
        try {
            budget.acquire(reserve);
        } catch (InterruptedException e) {
            request.release();
            budget.release(cost);
            throw e;
        }
        int total = cost + reserve;
        submit(lane(request), () -> serve(request, total));
    }

    private int replyReserve(SftpPacket.Request request) {
        if (request instanceof SftpPacket.Read) {
            return (int) Math.min(Integer.toUnsignedLong(((SftpPacket.Read) request).length()), config.maxDataLength())
                    + SMALL_REPLY;
        }
        return request instanceof SftpPacket.Readdir ? READDIR_REPLY : SMALL_REPLY;
    }

    /** Requests on one handle share its lane; everything else shares the path lane. */
    private static String lane(SftpPacket.Request request) {
        String handle = null;
        if (request instanceof SftpPacket.Read) {
            handle = ((SftpPacket.Read) request).handle();
        } else if (request instanceof SftpPacket.Write) {
            handle = ((SftpPacket.Write) request).handle();
        } else if (request instanceof SftpPacket.Close) {
            handle = ((SftpPacket.Close) request).handle();
        } else if (request instanceof SftpPacket.Fstat) {
            handle = ((SftpPacket.Fstat) request).handle();
        } else if (request instanceof SftpPacket.Fsetstat) {
            handle = ((SftpPacket.Fsetstat) request).handle();
        } else if (request instanceof SftpPacket.Readdir) {
            handle = ((SftpPacket.Readdir) request).handle();
        }
        return handle == null ? "/" : "h" + handle;
    }

    private void serve(SftpPacket.Request request, int cost) {
        SftpPacket reply;
        try {
            reply = operations.serve(request);
        } catch (Exception | Error e) {
            int code = Errors.code(e);
            if (code == StatusCode.FAILURE && !(e instanceof Errors.Refused)) {
                log.debug("[{}] sftp: request {} failed", session.connectionId(), request.type(), e);
            }
            reply = new SftpPacket.Status(request.id(), code, Errors.message(e, code), "");
        } finally {
            request.release();
        }
        send(reply, cost);
    }

    // --- lanes -------------------------------------------------------------------------------------

    private void submit(String lane, Runnable task) {
        synchronized (lanes) {
            ArrayDeque<Runnable> queue = lanes.get(lane);
            if (queue != null) {
                queue.add(task);
                return;
            }
            lanes.put(lane, new ArrayDeque<>());
        }
        config.executor.execute(() -> runLane(lane, task));
    }

    private void runLane(String lane, Runnable first) {
        Runnable task = first;
        while (task != null) {
            task.run();
            synchronized (lanes) {
                task = lanes.get(lane).poll();
                if (task == null) {
                    lanes.remove(lane);
                }
            }
        }
    }

    // --- writing -----------------------------------------------------------------------------------

    private void refuse(long id, int code, String message, int cost) {
        if (id == SftpDecodeException.NO_REQUEST_ID) {
            budget.release(cost);
            return;
        }
        send(new SftpPacket.Status((int) id, code, message, ""), cost);
    }

    private void send(SftpPacket reply, int cost) {
        outgoing.add(new Outgoing(reply, cost));
    }

    /** Writes replies in completion order; once the channel is gone, drops them and still returns their budget. */
    private void writeReplies(OutputStream out) {
        boolean broken = false;
        try {
            while (true) {
                Outgoing next = outgoing.take();
                if (next.reply() == null) {
                    return;
                }
                try {
                    if (!broken) {
                        write(out, next.reply());
                        if (outgoing.isEmpty()) {
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    log.debug("[{}] sftp: cannot write replies: {}", session.connectionId(), e.toString());
                    broken = true;
                } finally {
                    next.reply().release();
                    budget.release(next.cost());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writerDone.countDown();
        }
    }

    /** A DATA reply's bytes go from their buffer to the stream; nothing is copied into a second packet buffer. */
    private void write(OutputStream out, SftpPacket reply) throws IOException {
        ByteBuf framed = allocator.heapBuffer(reply instanceof SftpPacket.Data ? 13 : 256);
        try {
            if (reply instanceof SftpPacket.Data) {
                ByteBuf data = ((SftpPacket.Data) reply).data();
                framed.writeInt(1 + 4 + 4 + data.readableBytes());
                framed.writeByte(SftpPacket.DATA);
                framed.writeInt(((SftpPacket.Data) reply).id());
                framed.writeInt(data.readableBytes());
                framed.readBytes(out, framed.readableBytes());
                data.getBytes(data.readerIndex(), out, data.readableBytes());
            } else {
                SftpPackets.encodeFramed(reply, framed);
                framed.readBytes(out, framed.readableBytes());
            }
        } finally {
            framed.release();
        }
    }

    private static boolean readFully(InputStream in, byte[] buffer, int length) throws IOException {
        int read = 0;
        while (read < length) {
            int n = in.read(buffer, read, length - read);
            if (n < 0) {
                if (read > 0) {
                    throw new IOException("stream ended inside a packet");
                }
                return false;
            }
            read += n;
        }
        return true;
    }
}
