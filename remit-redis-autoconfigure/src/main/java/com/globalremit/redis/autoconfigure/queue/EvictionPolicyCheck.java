package com.globalremit.redis.autoconfigure.queue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.globalremit.redis.connection.RemitRedisClient;

/**
 * Reads {@code maxmemory_policy} from {@code INFO memory} on every master (INFO works where managed Redis forbids
 * CONFIG GET) and warns loudly unless it is {@code noeviction}: an evicting Redis deletes job hashes, queue entries
 * or dedup keys under memory pressure, and jobs vanish without an error. Never fails the start-up.
 */
public final class EvictionPolicyCheck {

    private static final Logger log = LoggerFactory.getLogger(EvictionPolicyCheck.class);

    private EvictionPolicyCheck() {
    }

    /** Policy by master address ("unknown" when it could not be read). */
    public static Map<String, String> check(RemitRedisClient client) {
        Map<String, String> policies = new LinkedHashMap<>();
        try {
            client.fromEachMaster(c -> c.info("memory")).forEach((node, info) -> policies.put(node, parse(info)));
        } catch (RuntimeException e) {
            policies.put("redis", "unknown");
            log.warn("remit-redis job queue: could not read maxmemory-policy ({}). The queue needs "
                    + "maxmemory-policy noeviction; check it on the server.", e.toString());
            return policies;
        }
        policies.forEach((node, policy) -> {
            if ("unknown".equals(policy)) {
                log.warn("remit-redis job queue: maxmemory-policy of {} is unknown (INFO gave none). The queue needs"
                        + " noeviction.", node);
            } else if (!"noeviction".equals(policy)) {
                log.warn("""

                        *** remit-redis job queue: Redis {} runs with maxmemory-policy {}. ***
                        *** Under memory pressure Redis will silently DELETE queue keys: jobs are lost, \
                        leases vanish and jobs run twice, dedup keys expire early. ***
                        *** Set maxmemory-policy noeviction for the Redis that holds the queues. ***""", node, policy);
            }
        });
        return policies;
    }

    static String parse(String info) {
        if (info != null) {
            for (String line : info.split("\r?\n")) {
                if (line.startsWith("maxmemory_policy:")) {
                    return line.substring("maxmemory_policy:".length()).trim();
                }
            }
        }
        return "unknown";
    }
}
