package io.sshnetty.server;

import io.sshnetty.server.PerSourcePenalties.Overflow;
import io.sshnetty.server.PerSourcePenalties.Penalty;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The penalised address blocks of one server, as sshd's srclimit keeps them: per block, the time until
 * which it is refused. Each penalty adds its duration (capped at max); the block is refused once what it
 * accrued reaches min. Expired blocks leave the table in expiry order, so every call is O(log n).
 * Thread-safe; each call holds one lock for a few map operations.
 */
final class PenaltyBox {
    private final PerSourcePenalties settings;
    private final AdmissionControl blocks;
    private final Map<Cidr, Entry> entries = new HashMap<>();
    /** One node per penalty given; a node whose entry was extended since is skipped when it comes up. */
    private final PriorityQueue<Node> byExpiry = new PriorityQueue<>((a, b) -> Long.compare(a.expiry, b.expiry));
    private int ipv4;
    private int ipv6;

    PenaltyBox(PerSourcePenalties settings, AdmissionControl blocks) {
        this.settings = settings;
        this.blocks = blocks;
    }

    /** Why {@code source} is refused now, or null when it is not. */
    synchronized String refusal(InetAddress source) {
        long now = System.nanoTime();
        expire(now);
        Entry entry = entries.get(blocks.blockOf(source));
        if (entry != null && entry.active) {
            return "penalty: " + entry.last.description() + ", " + Math.max(1, (entry.expiry - now) / 1_000_000_000L)
                    + " s left for " + entry.block;
        }
        boolean v4 = source.getAddress().length == 4;
        if (entry == null && (v4 ? settings.overflow4() : settings.overflow6()) == Overflow.DENY_ALL
                && (v4 ? ipv4 >= settings.maxSources4() : ipv6 >= settings.maxSources6())) {
            return "penalty table full (deny-all)";
        }
        return null;
    }

    /**
     * Adds {@code penalty} to the block of {@code source}. Returns the block when this made it refused (for
     * the log), otherwise null: exempt, nothing earned, the table full, or the block refused already.
     */
    synchronized Cidr penalise(InetAddress source, Penalty penalty) {
        long earned = settings.duration(penalty).toNanos();
        if (earned <= 0 || settings.isExempt(source)) {
            return null;
        }
        long now = System.nanoTime();
        expire(now);
        Cidr block = blocks.blockOf(source);
        Entry entry = entries.get(block);
        if (entry == null) {
            boolean v4 = source.getAddress().length == 4;
            if (v4 ? ipv4 >= settings.maxSources4() : ipv6 >= settings.maxSources6()) {
                return null;
            }
            entry = new Entry(block, now);
            entries.put(block, entry);
            if (v4) {
                ipv4++;
            } else {
                ipv6++;
            }
        }
        boolean wasActive = entry.active;
        entry.expiry = Math.min(entry.expiry + earned, now + settings.max().toNanos());
        entry.last = penalty;
        entry.active = entry.active || entry.expiry - now >= settings.min().toNanos();
        byExpiry.add(new Node(entry, entry.expiry));
        return entry.active && !wasActive ? block : null;
    }

    /** Blocks in the table now (refused or still accruing). */
    synchronized int size() {
        expire(System.nanoTime());
        return entries.size();
    }

    private void expire(long now) {
        Node head;
        while ((head = byExpiry.peek()) != null && head.expiry - now <= 0) {
            byExpiry.poll();
            if (head.entry.expiry != head.expiry || entries.get(head.entry.block) != head.entry) {
                continue;
            }
            entries.remove(head.entry.block);
            if (head.entry.block.network().getAddress().length == 4) {
                ipv4--;
            } else {
                ipv6--;
            }
        }
    }

    private record Node(Entry entry, long expiry) {
    }

    private static final class Entry {
        final Cidr block;
        long expiry;
        boolean active;
        Penalty last;

        Entry(Cidr block, long now) {
            this.block = block;
            this.expiry = now;
        }
    }
}
