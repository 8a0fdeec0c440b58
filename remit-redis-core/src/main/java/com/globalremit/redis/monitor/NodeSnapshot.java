package com.globalremit.redis.monitor;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one node reported at one moment.
 *
 * @param node the node's name ({@code host:port}, or {@code sentinel:<master>} behind Sentinel)
 * @param takenAt when the sample was taken (client clock; intervals prefer the server's {@code server_time_usec})
 * @param info the parsed INFO reply
 * @param maxClients {@code maxclients} (INFO on 7.0+, CONFIG GET before), {@code null} when it could not be read
 */
public record NodeSnapshot(String node, Instant takenAt, RedisInfo info, Long maxClients) {

    public NodeSnapshot {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(takenAt, "takenAt");
        Objects.requireNonNull(info, "info");
    }

    /** {@code used_memory / maxmemory}; {@code null} when maxmemory is 0 (no limit) or unknown. */
    public Double memoryUsageRatio() {
        long max = info.longValue("maxmemory").orElse(0);
        if (max <= 0) {
            return null;
        }
        return info.longValue("used_memory").isPresent() ? info.longValue("used_memory").getAsLong() / (double) max
                : null;
    }

    /** {@code connected_clients / maxclients}; {@code null} when either is unknown. */
    public Double clientsUsageRatio() {
        if (maxClients == null || maxClients <= 0 || info.longValue("connected_clients").isEmpty()) {
            return null;
        }
        return info.longValue("connected_clients").getAsLong() / (double) maxClients;
    }

    /**
     * Replication lag in seconds: on a primary the largest {@code lag} of its replicas; on a replica
     * {@code master_last_io_seconds_ago} while its link is up, and {@code master_link_down_since_seconds} while it is
     * down (Redis reports {@code master_last_io_seconds_ago:-1} then, which must not read as "no lag"). {@code null}
     * for a primary without replicas, or when unknown (a replica whose link has never been up reports -1 for both).
     */
    public Long replicationLagSeconds() {
        if (info.isPrimary()) {
            return info.replicas().stream().mapToLong(ReplicaLink::lagSeconds).filter(l -> l >= 0).boxed()
                    .max(Long::compare).orElse(null);
        }
        String field = replicationLinkDown() ? "master_link_down_since_seconds" : "master_last_io_seconds_ago";
        OptionalLong seconds = info.longValue(field);
        return seconds.isPresent() && seconds.getAsLong() >= 0 ? seconds.getAsLong() : null;
    }

    /**
     * Whether this node is a replica that has lost its primary ({@code master_link_status} other than {@code up}):
     * it serves stale data, however recent its last contact.
     */
    public boolean replicationLinkDown() {
        return !info.isPrimary() && info.string("master_link_status").map(s -> !s.equals("up")).orElse(false);
    }

    /**
     * Replication lag in bytes: on a primary the largest {@code master_repl_offset - offset} over its replicas;
     * {@code null} without replicas or on a replica (which does not know the primary's offset).
     */
    public Long replicationLagBytes() {
        if (!info.isPrimary() || info.longValue("master_repl_offset").isEmpty()) {
            return null;
        }
        long primaryOffset = info.longValue("master_repl_offset").getAsLong();
        return info.replicas().stream().filter(r -> r.offset() >= 0)
                .mapToLong(r -> Math.max(0, primaryOffset - r.offset())).boxed().max(Long::compare).orElse(null);
    }
}
