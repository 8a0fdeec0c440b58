package com.globalremit.redis.queue;

import java.util.ArrayList;
import java.util.List;

import com.globalremit.redis.key.KeyNaming;

/**
 * The keys of one named queue. All carry the hash tag {@code {queueName}}, so one script may touch all of them on a
 * cluster, and different named queues spread over the masters.
 */
final class QueueKeys {

    private final List<String> common;
    private final String jobPrefix;
    private final String dedupPrefix;
    private final String marker;

    QueueKeys(KeyNaming naming, String queue) {
        List<String> keys = new ArrayList<>();
        for (JobPriority p : JobPriority.values()) {
            keys.add(naming.key("queue", "wait").hashTag(queue).suffix(p.code()).build());
        }
        for (String entity : List.of("delayed", "active", "dead", "completed", "marker", "seq", "rr")) {
            keys.add(naming.key("queue", entity).hashTag(queue).build());
        }
        this.common = List.copyOf(keys);
        this.marker = keys.get(7);
        this.jobPrefix = prefixOf(naming.key("queue", "job").hashTag(queue).id("x").build());
        this.dedupPrefix = prefixOf(naming.key("queue", "dedup").hashTag(queue).id("x").build());
    }

    private static String prefixOf(String keyEndingInX) {
        return keyEndingInX.substring(0, keyEndingInX.length() - 1);
    }

    /** KEYS[1..10] of every script, in the order queue_common.lua expects. */
    List<String> common() {
        return common;
    }

    String wait(JobPriority p) {
        return common.get(p.ordinal());
    }

    String marker() {
        return marker;
    }

    String delayed() {
        return common.get(3);
    }

    String sequence() {
        return common.get(8);
    }

    String job(String id) {
        return jobPrefix + id;
    }

    String dedup(String key) {
        return dedupPrefix + key;
    }

    String jobPrefix() {
        return jobPrefix;
    }

    String dedupPrefix() {
        return dedupPrefix;
    }
}
