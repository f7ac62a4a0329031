package io.sshnetty.server;

import io.netty.channel.Channel;
import io.sshnetty.server.registry.AdmissionMetrics.Drop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The accounting behind {@link AdmissionControl}: connections open, in total and per address block, and the
 * unauthenticated ones ordered by staleness (least progress first, then the longest since it progressed).
 * Checking a new connection and counting it happen under one lock, so the limits hold exactly however many
 * event loops accept at once; every operation is O(log n).
 */
final class StartupSlots {
    /** How far an unauthenticated connection got; later stages are more progress. */
    enum Stage {
        CONNECTED, IDENTIFIED, KEY_EXCHANGE_STARTED, KEYS_EXCHANGED, AUTHENTICATION_ATTEMPTED
    }

    /** One accepted connection's place in the accounting. Fields are guarded by the slots' lock. */
    static final class Slot {
        final Channel channel;
        private final long order;
        private Cidr block;
        private Stage stage = Stage.CONNECTED;
        private long lastProgress;
        private boolean startup = true;
        private boolean released;

        private Slot(Channel channel, long order, Cidr block, long now) {
            this.channel = channel;
            this.order = order;
            this.block = block;
            this.lastProgress = now;
        }

        synchronized Stage stage() {
            return stage;
        }
    }

    /** The outcome of admitting a connection: its slot, or why it was refused; and the slots dropped to make room. */
    record Decision(Slot slot, Drop refused, String reason, List<Slot> evicted) {
        static Decision refuse(Drop drop, String reason) {
            return new Decision(null, drop, reason, List.of());
        }
    }

    private static final class Source {
        int open;
        final TreeSet<Slot> startups = new TreeSet<>(StartupSlots::staleFirst);
    }

    private final AdmissionControl limits;
    private final TreeSet<Slot> startups = new TreeSet<>(StartupSlots::staleFirst);
    private final Map<Cidr, Source> sources = new HashMap<>();
    private int open;
    private long nextOrder;

    StartupSlots(AdmissionControl limits) {
        this.limits = limits;
    }

    private static int staleFirst(Slot a, Slot b) {
        int byStage = a.stage.compareTo(b.stage);
        if (byStage != 0) {
            return byStage;
        }
        int byTime = Long.compare(a.lastProgress - b.lastProgress, 0);
        return byTime != 0 ? byTime : Long.compare(a.order, b.order);
    }

    /**
     * Admits {@code channel} from {@code block} (null while the address is not known yet: a trusted proxy's
     * connection before its header), making room by dropping the stalest unauthenticated connection, of the
     * block or of all, when the startup limits are reached. The caller closes the evicted.
     */
    synchronized Decision admit(Channel channel, Cidr block) {
        if (open >= limits.maxConnections()) {
            return Decision.refuse(Drop.CONNECTION_LIMIT, "past the connection limit " + limits.maxConnections());
        }
        Source source = block == null ? null : sources.get(block);
        if (source != null && source.open >= limits.maxPerSource()) {
            return Decision.refuse(Drop.SOURCE_LIMIT, "past the per-source limit " + limits.maxPerSource() + " for " + block);
        }
        if (limits.randomEarlyDrop(startups.size())) {
            return Decision.refuse(Drop.RANDOM_EARLY_DROP, "dropped by MaxStartups (" + startups.size() + " unauthenticated)");
        }
        List<Slot> evicted = new ArrayList<>(1);
        makeRoom(source, evicted);
        Slot slot = new Slot(channel, nextOrder++, block, System.nanoTime());
        open++;
        startups.add(slot);
        if (block != null) {
            source = sources.computeIfAbsent(block, b -> new Source());
            source.open++;
            source.startups.add(slot);
        }
        return new Decision(slot, null, null, evicted);
    }

    /**
     * Moves {@code slot} to {@code block} once a trusted proxy's header named the client: the per-source limits
     * apply again there. On refusal the slot stays where it was; the caller closes the connection.
     */
    synchronized Decision readmit(Slot slot, Cidr block) {
        if (slot.released) {
            return Decision.refuse(Drop.EVICTED_STALE, "already dropped");
        }
        Source target = sources.get(block);
        if (target != null && target.open >= limits.maxPerSource()) {
            return Decision.refuse(Drop.SOURCE_LIMIT, "past the per-source limit " + limits.maxPerSource() + " for " + block);
        }
        List<Slot> evicted = new ArrayList<>(1);
        if (slot.startup && target != null && target.startups.size() >= limits.maxStartupsPerSource()) {
            evict(target.startups.first(), evicted);
        }
        leaveSource(slot);
        slot.block = block;
        target = sources.computeIfAbsent(block, b -> new Source());
        target.open++;
        if (slot.startup) {
            target.startups.add(slot);
        }
        return new Decision(slot, null, null, evicted);
    }

    /** Records progress; a connection that progresses moves behind every one that did not. */
    synchronized void progress(Slot slot, Stage stage) {
        if (slot.released || !slot.startup || stage.compareTo(slot.stage) < 0) {
            return;
        }
        removeStartup(slot);
        synchronized (slot) {
            slot.stage = stage;
        }
        slot.lastProgress = System.nanoTime();
        startups.add(slot);
        Source source = slot.block == null ? null : sources.get(slot.block);
        if (source != null) {
            source.startups.add(slot);
        }
    }

    /** The connection authenticated: it no longer counts as a startup. */
    synchronized void authenticated(Slot slot) {
        if (!slot.released && slot.startup) {
            removeStartup(slot);
            slot.startup = false;
        }
    }

    /** The connection closed; a no-op for one already evicted. */
    synchronized void release(Slot slot) {
        if (slot.released) {
            return;
        }
        slot.released = true;
        removeStartup(slot);
        leaveSource(slot);
        open--;
    }

    synchronized int unauthenticated() {
        return startups.size();
    }

    private void makeRoom(Source source, List<Slot> evicted) {
        if (source != null && source.startups.size() >= limits.maxStartupsPerSource()) {
            evict(source.startups.first(), evicted);
        }
        if (startups.size() >= limits.full()) {
            evict(startups.first(), evicted);
        }
    }

    private void evict(Slot victim, List<Slot> evicted) {
        release(victim);
        evicted.add(victim);
    }

    private void removeStartup(Slot slot) {
        if (!slot.startup) {
            return;
        }
        startups.remove(slot);
        Source source = slot.block == null ? null : sources.get(slot.block);
        if (source != null) {
            source.startups.remove(slot);
        }
    }

    private void leaveSource(Slot slot) {
        if (slot.block == null) {
            return;
        }
        Source source = sources.get(slot.block);
        if (source != null) {
            source.startups.remove(slot);
            if (--source.open == 0) {
                sources.remove(slot.block);
            }
        }
    }
}
