package com.globalremit.redis.test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads what a sentinel believes about {@value RedisSentinelGroup#MASTER_NAME}. */
final class SentinelQueries {

    private SentinelQueries() {
    }

    /** The primary's port according to this sentinel. */
    static int primaryPort(RedisServer sentinel) {
        Object reply = sentinel.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", RedisSentinelGroup.MASTER_NAME);
        if (!(reply instanceof List<?> address) || address.size() != 2) {
            throw new IllegalStateException(sentinel.name() + " does not know " + RedisSentinelGroup.MASTER_NAME);
        }
        return Integer.parseInt(address.get(1).toString());
    }

    static boolean allAgreeOn(List<RedisServer> sentinels, int port) {
        return !sentinels.isEmpty() && sentinels.stream().allMatch(s -> primaryPort(s) == port);
    }

    /**
     * True when the sentinel monitors the expected primary (not flagged down), has discovered the
     * replica as a healthy replica and sees the other sentinels: only then can it vote in a failover.
     */
    static boolean ready(RedisServer sentinel, int primaryPort, int replicaPort, int otherSentinels) {
        Map<String, String> master = fields(sentinel.call("SENTINEL", "MASTER", RedisSentinelGroup.MASTER_NAME));
        if (!"master".equals(master.get("flags")) || !String.valueOf(primaryPort).equals(master.get("port"))
                || !String.valueOf(otherSentinels).equals(master.get("num-other-sentinels"))) {
            return false;
        }
        Object replicas = sentinel.call("SENTINEL", "REPLICAS", RedisSentinelGroup.MASTER_NAME);
        if (!(replicas instanceof List<?> list)) {
            return false;
        }
        return list.stream().map(SentinelQueries::fields).anyMatch(replica ->
                String.valueOf(replicaPort).equals(replica.get("port")) && "slave".equals(replica.get("flags"))
                        && "ok".equals(replica.get("master-link-status")));
    }

    /** A sentinel reply of alternating names and values as a map. */
    static Map<String, String> fields(Object reply) {
        Map<String, String> fields = new HashMap<>();
        if (reply instanceof List<?> list) {
            for (int i = 0; i + 1 < list.size(); i += 2) {
                fields.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
            }
        }
        return fields;
    }
}
