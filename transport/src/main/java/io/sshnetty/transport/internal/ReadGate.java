package io.sshnetty.transport.internal;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Whether the server reads from a connection's socket: reading stops while any reason to pause holds,
 * and resumes when none does. Several layers pause for reasons of their own (output backed up, a key
 * exchange step computing off the loop), so none of them sets {@code autoRead} directly and one's resume
 * cannot undo another's pause. Once the connection is disconnecting, {@link ProtocolErrorHandler} owns
 * reading. Used on the connection's event loop only.
 */
public final class ReadGate {
    /** Why reading is paused. */
    public enum Reason {
        /** The socket is not writable: our replies are backing up behind a peer that does not read. */
        OUTPUT_BACKLOG,
        /** A key exchange step is computing off the event loop; later messages wait for its result. */
        KEY_EXCHANGE_STEP
    }

    private static final AttributeKey<ReadGate> KEY = AttributeKey.valueOf(ReadGate.class, "readGate");

    private final Channel channel;
    private int paused;
    private boolean keyExchange;

    private ReadGate(Channel channel) {
        this.channel = channel;
    }

    /** The connection's gate, created on first use. */
    public static ReadGate of(Channel channel) {
        ReadGate gate = channel.attr(KEY).get();
        if (gate == null) {
            gate = new ReadGate(channel);
            channel.attr(KEY).set(gate);
        }
        return gate;
    }

    public void pause(Reason reason) {
        paused |= 1 << reason.ordinal();
        apply();
    }

    public void resume(Reason reason) {
        paused &= ~(1 << reason.ordinal());
        apply();
    }

    /**
     * A re-key is under way: the output backlog no longer pauses reading. Our writes are held until
     * the exchange ends and count toward writability, so pausing for them would stop us reading the very
     * messages that end it; the exchange is bounded by its deadline and the pending-output cap instead.
     */
    public void keyExchange(boolean underWay) {
        keyExchange = underWay;
        apply();
    }

    /** Whether {@code reason} is holding reading back. */
    public boolean isPaused(Reason reason) {
        return (paused & 1 << reason.ordinal()) != 0;
    }

    private void apply() {
        if (ProtocolErrorHandler.isDisconnecting(channel) || !channel.isOpen()) {
            return;
        }
        int effective = keyExchange ? paused & ~(1 << Reason.OUTPUT_BACKLOG.ordinal()) : paused;
        boolean read = effective == 0;
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }
}
