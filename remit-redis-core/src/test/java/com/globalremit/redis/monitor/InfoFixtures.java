package com.globalremit.redis.monitor;

import java.time.Instant;

/** INFO replies as Redis 7.0 sends them (CRLF, section headers), with the fields the tests vary. */
final class InfoFixtures {

    private InfoFixtures() {
    }

    static String info(String runId, long uptime, long timeUsec, long commands, long hits, long misses, long evicted,
            long expired, long errors, double cpuSys, double cpuUser, long usedMemory, long maxMemory) {
        return String.join("\r\n",
                "# Server", "redis_version:7.0.15", "run_id:" + runId, "uptime_in_seconds:" + uptime,
                "server_time_usec:" + timeUsec, "",
                "# Clients", "connected_clients:9000", "blocked_clients:0", "maxclients:10000", "",
                "# Memory", "used_memory:" + usedMemory, "maxmemory:" + maxMemory, "mem_fragmentation_ratio:1.25",
                "maxmemory_policy:noeviction", "",
                "# Stats", "total_commands_processed:" + commands, "keyspace_hits:" + hits,
                "keyspace_misses:" + misses, "evicted_keys:" + evicted, "expired_keys:" + expired,
                "total_error_replies:" + errors, "",
                "# Replication", "role:master", "connected_slaves:1",
                "slave0:ip=10.0.0.2,port=6380,state=online,offset=900,lag=7", "master_repl_offset:1000", "",
                "# CPU", "used_cpu_sys:" + cpuSys, "used_cpu_user:" + cpuUser, "",
                "# Keyspace", "db0:keys=10,expires=2,avg_ttl=1000", "");
    }

    static NodeSnapshot snapshot(String info, Instant at) {
        RedisInfo parsed = RedisInfo.parse(info);
        return new NodeSnapshot("n1:7000", at, parsed, parsed.longValue("maxclients").isPresent()
                ? parsed.longValue("maxclients").getAsLong() : null);
    }
}
