package io.sshnetty.sftp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.sshnetty.connection.session.ChannelCommand;
import io.sshnetty.connection.session.ChannelSession;
import io.sshnetty.connection.session.SessionInfo;
import io.sshnetty.sftp.internal.codec.Extensions;
import io.sshnetty.sftp.internal.codec.SftpDecodeException;
import io.sshnetty.sftp.internal.codec.SftpPacket;
import io.sshnetty.sftp.internal.codec.SftpPackets;
import io.sshnetty.sftp.internal.codec.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One SFTP session on one channel, an event-loop command. The client's bytes are gathered on the event
 * loop and decoded there; each request goes to a lane: requests on one handle run one after another in
 * arrival order, path requests likewise in their own lane, and different lanes run side by side on the
 * workers (draft-ietf-secsh-filexfer-02 §6.1 asks only that requests on one file keep their order). A
 * worker writes its reply to the channel as it completes; request ids let the client match them.
 *
 * <p>Every request takes its size and the size of its largest reply from a byte budget when it is decoded
 * and gives them back once the reply has been written. While the budget is spent, decoding pauses and the
 * bytes not yet decoded are not reported consumed, so the channel's window closes: a client that pipelines
 * without limit holds at most the window and the budget.
 */
final class SftpSession implements ChannelCommand {
    private static final Logger log = LoggerFactory.getLogger(SftpSession.class);
    /** The version we speak; a client offering more gets this (draft-02 §4). */
    static final int VERSION = 3;
    /** Reserved for a reply that is not a READ's or READDIR's: STATUS, HANDLE, ATTRS, one NAME. */
    private static final int SMALL_REPLY = 2 * 1024;
    private static final int READDIR_REPLY = 80 * 1024;
    /** The buffer the client's bytes are gathered in: a few 32 KiB channel packets. */
    private static final int CUMULATION_SIZE = 256 * 1024;
    private static final int REPORT_AT = 64 * 1024;
    /** Replies smaller than this are written out together, many to a channel packet. */
    private static final int SMALL_FRAME = 4 * 1024;
    private static final int BATCH = 32 * 1024;

    private final SftpSettings settings;
    private final Executor workers;
    private final SessionInfo session;
    /** Lanes with requests waiting or running, by name; guarded by itself, like {@link #ready} and {@link #running}. */
    private final Map<String, ArrayDeque<Queued>> lanes = new HashMap<>();
    /** Lanes that have requests but no worker yet, because the session already has its share running. */
    private final ArrayDeque<String> ready = new ArrayDeque<>();
    private int running;
    /** Set on the event loop when the channel closes; read by workers, which then serve nothing more. */
    private volatile boolean gone;
    private final Handles handles;
    private final FileOperations operations;
    /** Replies waiting for the event loop to write them; {@link #draining} while a write-out is scheduled. */
    private final ConcurrentLinkedQueue<Outgoing> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    /** A request waiting in its lane, with the budget it holds. */
    private record Queued(SftpPacket.Request request, int cost) {
    }

    /** A reply framed for the wire and the budget it gives back once written. */
    private record Outgoing(ByteBuf framed, int cost) {
    }

    // Event loop only, from here on.
    private ChannelSession channel;
    /**
     * The client's bytes not yet decoded. Requests hold slices of it (a WRITE's data), so it is never
     * compacted: when it runs out of room, what is left moves to a new buffer.
     */
    private ByteBuf cumulation;
    /** Bytes of an oversized packet still to be dropped. */
    private long skipping;
    private int budget;
    /** Requests decoded whose reply has not been written yet. */
    private int pending;
    private boolean initialized;
    private boolean eof;
    private boolean closed;
    private boolean finished;
    /** Bytes decoded (or dropped) and not yet reported consumed: reported per pass, at least 64 KiB at a time. */
    private int unreported;

    SftpSession(SftpSettings settings, ConfinedPaths paths, Executor workers, SessionInfo session) {
        this(settings, paths, workers, session, PooledByteBufAllocator.DEFAULT);
    }

    /** @param fileBuffers where the buffers that READs read files into come from */
    SftpSession(SftpSettings settings, ConfinedPaths paths, Executor workers, SessionInfo session, ByteBufAllocator fileBuffers) {
        this.settings = settings;
        this.workers = workers;
        this.session = session;
        this.budget = settings.maxInFlightBytes();
        this.handles = new Handles(settings.maxOpenHandles());
        this.operations = new FileOperations(settings, paths, session.user(), handles, fileBuffers, () -> gone);
    }

    @Override
    public void start(ChannelSession started) {
        channel = started;
        log.debug("[{}] sftp session for {}", session.connectionId(), session.user());
    }

    @Override
    public void onData(ChannelSession from, ByteBuf data) {
        try {
            if (closed || eof) {
                channel.consumed(data.readableBytes());
                return;
            }
            append(data);
        } finally {
            data.release();
        }
        decode();
    }

    @Override
    public void onEof() {
        eof = true;
        decode();
        finishWhenIdle();
    }

    /**
     * The channel is gone: every handle is closed now, even while workers are still busy with requests
     * on them (a read blocked on a stuck file then fails), on a thread of its own so that a slow close
     * holds neither the event loop nor a worker.
     */
    @Override
    public void onClose() {
        closed = true;
        gone = true;
        releaseCumulation();
        if (pending > 0) {
            Thread closer = new Thread(handles::closeAll, "sshnetty-sftp-close");
            closer.setDaemon(true);
            closer.start();
        }
        finishWhenIdle();
    }

    // --- reading -----------------------------------------------------------------------------------

    private void append(ByteBuf data) {
        int unread = cumulation == null ? 0 : cumulation.readableBytes();
        if (cumulation == null || cumulation.writableBytes() < data.readableBytes()) {
            ByteBuf next = channel.alloc().directBuffer(Math.max(CUMULATION_SIZE, unread + data.readableBytes()));
            if (cumulation != null) {
                next.writeBytes(cumulation);
                cumulation.release();
            }
            cumulation = next;
        }
        cumulation.writeBytes(data);
    }

    private void releaseCumulation() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    /** Decodes and dispatches every whole packet the budget allows; what is taken is reported consumed. */
    private void decode() {
        // After the client's EOF too: requests it sent before it are served, even if the budget held them.
        while (!closed && cumulation != null && cumulation.isReadable()) {
            if (skipping > 0) {
                int dropped = (int) Math.min(skipping, cumulation.readableBytes());
                cumulation.skipBytes(dropped);
                skipping -= dropped;
                unreported += dropped;
                continue;
            }
            long length = SftpPackets.peekLength(cumulation);
            if (length < 0) {
                break;
            }
            if (length < 1) {
                abandon("an empty packet");
                return;
            }
            if (length > settings.maxPacketLength()) {
                if (!skipOversized(length)) {
                    break;
                }
                continue;
            }
            if (!SftpPackets.isWhole(cumulation) || !takePacket((int) length)) {
                break;
            }
        }
        if (eof && !closed && skipping == 0 && cumulation != null && cumulation.isReadable() && cutByEof()) {
            return;
        }
        if (cumulation != null && !cumulation.isReadable()) {
            releaseCumulation();
        }
        // One report per 64 KiB rather than per packet: each can be a WINDOW_ADJUST. Whatever is left
        // unreported is reported once the client's bytes run out, so it never waits on a window for it.
        if (unreported >= REPORT_AT || cumulation == null && unreported > 0) {
            channel.consumed(unreported);
            unreported = 0;
        }
    }

    /**
     * After the client's EOF, whether what is left is a packet that can never be whole: then it is answered
     * with BAD_MESSAGE when its request id arrived, and the session ends; otherwise the session is
     * abandoned, since the client waits for an answer no one can address.
     */
    private boolean cutByEof() {
        if (SftpPackets.isWhole(cumulation)) {
            return false; // a whole packet, waiting for budget
        }
        if (cumulation.readableBytes() < SftpPackets.HEAD_LENGTH) {
            abandon("a packet cut by EOF before its request id");
            return true;
        }
        if (!affordable(SMALL_REPLY)) {
            return false; // answered once replies have given budget back
        }
        long id = SftpPackets.peekRequestId(cumulation);
        unreported += cumulation.readableBytes();
        releaseCumulation();
        log.debug("[{}] sftp: packet cut by EOF", session.connectionId());
        refuse(id, StatusCode.BAD_MESSAGE, "packet cut by EOF", SMALL_REPLY);
        channel.consumed(unreported);
        unreported = 0;
        return true;
    }

    /** A packet no reply can be addressed to: the session ends, so the client does not wait forever. */
    private void abandon(String what) {
        log.info("[{}] sftp: {} from the client; closing the session", session.connectionId(), what);
        if (cumulation != null) {
            channel.consumed(unreported + cumulation.readableBytes());
            unreported = 0;
        }
        releaseCumulation();
        eof = true;
        finishWhenIdle();
    }

    /** Decodes the packet at the reader index and dispatches it, unless the budget cannot take it yet. */
    private boolean takePacket(int length) {
        ByteBuf body = SftpPackets.retainedBody(cumulation);
        SftpPacket packet;
        try {
            packet = SftpPackets.decode(body);
        } catch (SftpDecodeException e) {
            if (!affordable(length + SMALL_REPLY)) {
                return false;
            }
            if (e.requestId() == SftpDecodeException.NO_REQUEST_ID) {
                abandon("a packet too short for a request id");
                return false;
            }
            taken();
            log.debug("[{}] sftp: bad packet: {}", session.connectionId(), e.getMessage());
            refuse(e.requestId(), StatusCode.BAD_MESSAGE, e.getMessage(), length + SMALL_REPLY);
            return true;
        } finally {
            body.release();
        }
        int cost = length + (packet instanceof SftpPacket.Request ? replyReserve((SftpPacket.Request) packet) : SMALL_REPLY);
        if (!affordable(cost)) {
            // Decoded again once replies have given budget back; decoding is cheap beside what waits.
            packet.release();
            return false;
        }
        taken();
        dispatch(packet, cost);
        return true;
    }

    /**
     * Whether {@code cost} fits the budget now. With nothing in flight it always does, so that a budget
     * smaller than one request and its reply cannot stall the session.
     */
    private boolean affordable(int cost) {
        return cost <= budget || pending == 0;
    }

    private void taken() {
        unreported += SftpPackets.skipPacket(cumulation);
    }

    /** A length we will not hold: answer BAD_MESSAGE to its id and drop it as it arrives; the session lives on. */
    private boolean skipOversized(long length) {
        // The oversized length is at least the minimum packet length, so its request id is in the head.
        if (cumulation.readableBytes() < SftpPackets.HEAD_LENGTH || !affordable(SMALL_REPLY)) {
            return false;
        }
        long id = SftpPackets.peekRequestId(cumulation);
        cumulation.skipBytes(SftpPackets.HEAD_LENGTH);
        unreported += SftpPackets.HEAD_LENGTH;
        skipping = length - (SftpPackets.HEAD_LENGTH - SftpPackets.LENGTH_FIELD);
        log.debug("[{}] sftp: packet over {} bytes skipped", session.connectionId(), settings.maxPacketLength());
        refuse(id, StatusCode.BAD_MESSAGE, "packet too long", SMALL_REPLY);
        return true;
    }

    private void dispatch(SftpPacket packet, int cost) {
        if (packet instanceof SftpPacket.Init) {
            if (initialized) {
                log.debug("[{}] sftp: INIT again, ignored", session.connectionId());
                return;
            }
            initialized = true;
            // draft-02 §4: the server answers with the version it will use; we speak 3 whatever is offered.
            reserve(cost);
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
        reserve(cost);
        submit(lane(request), new Queued(request, cost));
    }

    private void reserve(int cost) {
        budget -= cost;
        pending++;
    }

    /** The budget a request's largest reply needs: a READ's data, a READDIR's names, or a small reply. */
    private int replyReserve(SftpPacket.Request request) {
        switch (request.type()) {
            case SftpPacket.READ:
                return (int) Math.min(Integer.toUnsignedLong(((SftpPacket.Read) request).length()), settings.maxDataLength())
                        + SMALL_REPLY;
            case SftpPacket.READDIR:
                return READDIR_REPLY;
            default:
                return SMALL_REPLY;
        }
    }

    /** Requests on one handle share its lane; everything else shares the path lane. */
    private static String lane(SftpPacket.Request request) {
        return request instanceof SftpPacket.HandleRequest ? "h" + ((SftpPacket.HandleRequest) request).handle() : "/";
    }

    /** On a worker. */
    private void serve(SftpPacket.Request request, int cost) {
        SftpPacket reply;
        try {
            if (gone) {
                throw new Errors.Refused(StatusCode.FAILURE, "session closed");
            }
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

    /**
     * Queues {@code queued} in its lane. A lane with no worker gets one, while the session has fewer than
     * its share running; otherwise it waits in {@link #ready} for a worker of this session to take it.
     */
    private void submit(String lane, Queued queued) {
        synchronized (lanes) {
            ArrayDeque<Queued> queue = lanes.get(lane);
            if (queue != null) {
                queue.add(queued);
                return;
            }
            queue = new ArrayDeque<>();
            queue.add(queued);
            lanes.put(lane, queue);
            if (running >= settings.maxWorkersPerSession()) {
                ready.add(lane);
                return;
            }
            running++;
        }
        try {
            workers.execute(() -> runLanes(lane));
        } catch (RejectedExecutionException e) {
            busy(lane);
        }
    }

    /** Serves {@code lane} until it is empty, then the lanes waiting for a worker of this session. */
    private void runLanes(String first) {
        String lane = first;
        while (lane != null) {
            Queued next;
            while (true) {
                synchronized (lanes) {
                    next = lanes.get(lane).poll();
                    if (next == null) {
                        lanes.remove(lane);
                        lane = ready.poll();
                        if (lane == null) {
                            running--;
                        }
                        break;
                    }
                }
                serve(next.request(), next.cost());
            }
        }
    }

    /**
     * The pool refused a worker: the lane's requests are answered FAILURE now, on the event loop, and the
     * next lane waiting for this session gets the worker it would have had.
     */
    private void busy(String first) {
        log.debug("[{}] sftp: no worker free, requests refused", session.connectionId());
        String lane = first;
        while (lane != null) {
            ArrayDeque<Queued> refused;
            synchronized (lanes) {
                refused = lanes.remove(lane);
                lane = ready.poll();
                if (lane == null) {
                    running--;
                }
            }
            for (Queued queued : refused) {
                queued.request().release();
                send(new SftpPacket.Status(queued.request().id(), StatusCode.FAILURE, "server busy", ""), queued.cost());
            }
            if (lane != null) {
                String next = lane;
                try {
                    workers.execute(() -> runLanes(next));
                    return;
                } catch (RejectedExecutionException e) {
                    // refused as well: answer it too
                }
            }
        }
    }

    // --- writing -----------------------------------------------------------------------------------

    /** On the event loop. */
    private void refuse(long id, int code, String message, int cost) {
        if (id == SftpDecodeException.NO_REQUEST_ID) {
            return;
        }
        reserve(cost);
        send(new SftpPacket.Status((int) id, code, message, ""), cost);
    }

    /**
     * Queues a reply for the event loop to write (from a worker or the event loop); its budget comes back
     * once it is written, or could not be. A DATA reply's bytes go from the buffer the file was read into.
     */
    private void send(SftpPacket reply, int cost) {
        ByteBuf framed;
        try {
            framed = SftpPackets.framed(reply, channel.alloc());
        } finally {
            reply.release();
        }
        outgoing.add(new Outgoing(framed, cost));
        if (draining.compareAndSet(false, true)) {
            channel.executor().execute(this::drain);
        }
    }

    /**
     * On the event loop: writes the queued replies, small ones gathered into one buffer (as sshd packs
     * sftp-server's replies into channel packets), so a stream of WRITE acknowledgements is a few packets
     * and one task, not one each.
     */
    private void drain() {
        draining.set(false);
        ByteBuf batch = null;
        int batchCost = 0;
        int batchCount = 0;
        Outgoing next;
        while ((next = outgoing.poll()) != null) {
            if (next.framed().readableBytes() >= SMALL_FRAME) {
                write(next.framed(), next.cost(), 1);
                continue;
            }
            if (batch == null) {
                batch = channel.alloc().directBuffer(BATCH);
            }
            batch.writeBytes(next.framed());
            next.framed().release();
            batchCost += next.cost();
            batchCount++;
            if (batch.readableBytes() >= BATCH - SMALL_FRAME) {
                write(batch, batchCost, batchCount);
                batch = null;
                batchCost = 0;
                batchCount = 0;
            }
        }
        if (batch != null) {
            write(batch, batchCost, batchCount);
        }
    }

    private void write(ByteBuf framed, int cost, int replies) {
        channel.write(framed).addListener(written -> replied(cost, replies));
    }

    /** On the event loop: replies have left (or the channel is gone); their budget comes back. */
    private void replied(int cost, int replies) {
        budget += cost;
        pending -= replies;
        decode();
        finishWhenIdle();
    }

    /**
     * Once the client has sent EOF or the channel closed, and every reply has left (nothing is held back
     * then: with nothing in flight every whole packet has been decoded), close the handles and end.
     */
    private void finishWhenIdle() {
        if (finished || pending > 0 || !(eof || closed)) {
            return;
        }
        finished = true;
        releaseCumulation();
        // Closing files may block: a worker does it, then the session ends on the event loop.
        Runnable close = () -> {
            handles.closeAll();
            channel.executor().execute(() -> {
                log.debug("[{}] sftp session for {} ended", session.connectionId(), session.user());
                if (!closed) {
                    channel.exit(0);
                }
            });
        };
        try {
            workers.execute(close);
        } catch (RejectedExecutionException e) {
            close.run();
        }
    }
}
