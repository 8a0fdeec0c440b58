package com.globalremit.redis.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * Compares the live server(s) with the recommended profile for the roles they serve and reports
 * {@link Finding}s. Read-only: it sends {@code INFO}, {@code CONFIG GET}, {@code ACL GETUSER default},
 * {@code ACL WHOAMI} and {@code ACL DRYRUN} (7.0+; evaluates permissions without running anything) or, on 6.2, the
 * user's own {@code ACL GETUSER} rules, and NEVER
 * changes configuration. Whatever the connected user may not run (restricted ACL user, managed Redis that renames
 * or hides CONFIG) becomes an {@link FindingStatus#UNKNOWN} finding instead of an error.
 *
 * <p>When an instance serves both roles, durability wins where they conflict ({@code noeviction}): a cache that
 * refuses writes when full is an inconvenience, evicted sessions and payment jobs are lost work.
 */
public final class ConfigurationAdvisor {

    /** Commands the application's user must not be able to run, with arguments valid for ACL DRYRUN's arity check. */
    static final Map<String, List<String>> DANGEROUS_COMMANDS = dangerous();

    private final RemitRedisClient client;
    private final Set<RedisRole> roles;
    private final Clock clock;

    private ConfigurationAdvisor(RemitRedisClient client, Set<RedisRole> roles, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        Objects.requireNonNull(roles, "roles");
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("roles must name at least one of " + List.of(RedisRole.values()));
        }
        this.roles = Set.copyOf(roles);
        this.clock = clock;
    }

    public static ConfigurationAdvisor create(RemitRedisClient client, Set<RedisRole> roles) {
        return new ConfigurationAdvisor(client, roles, Clock.systemUTC());
    }

    public Set<RedisRole> roles() {
        return roles;
    }

    /** Runs every check on every node now. Never throws for a refused command; a dead node gives UNKNOWN. */
    public AdvisorReport advise() {
        List<Finding> findings = new ArrayList<>();
        findings.add(tls(client.settings()));
        try {
            client.fromEachMaster(commands -> new NodeChecks(commands).run()).forEach((node, nodeFindings) -> {
                for (Finding f : nodeFindings) {
                    findings.add(new Finding(node, f.check(), f.status(), f.actual(), f.recommended(), f.why()));
                }
            });
        } catch (RuntimeException e) {
            findings.add(new Finding("*", "reachable", FindingStatus.UNKNOWN, RedisMonitor.describe(e),
                    "every node answers", "the other checks could not run"));
        }
        return new AdvisorReport(clock.instant(), roles, findings);
    }

    private static Finding tls(RedisConnectionSettings settings) {
        boolean tls = settings.ssl() || settings.nodes().stream()
                .anyMatch(n -> n.toLowerCase(Locale.ROOT).startsWith("rediss://"));
        return new Finding("client", "tls", tls ? FindingStatus.OK : FindingStatus.WARN, tls ? "on" : "off", "on",
                "without TLS, passwords and money-transfer data cross the network in clear text");
    }

    /** The checks of one node, on that node's connection. */
    private final class NodeChecks {

        private final RedisClusterCommands<String, byte[]> commands;
        private final List<Finding> findings = new ArrayList<>();

        NodeChecks(RedisClusterCommands<String, byte[]> commands) {
            this.commands = commands;
        }

        List<Finding> run() {
            RedisInfo info;
            try {
                info = RedisInfo.parse(commands.info("server"));
            } catch (RuntimeException e) {
                info = RedisInfo.parse("");
            }
            maxmemory();
            evictionPolicy();
            if (roles.contains(RedisRole.DURABLE)) {
                persistence();
            }
            authentication();
            protectedMode();
            dangerousCommands(info.version()[0]);
            keepalive();
            return findings;
        }

        private void maxmemory() {
            Config value = config("maxmemory");
            String recommended = "a limit below the host's memory (leave room for fork/copy-on-write and buffers)";
            if (value.refused()) {
                add("maxmemory", FindingStatus.UNKNOWN, value.error(), recommended, "CONFIG GET refused");
                return;
            }
            boolean set = !"0".equals(value.value());
            FindingStatus missing = roles.contains(RedisRole.CACHE) ? FindingStatus.CRITICAL : FindingStatus.WARN;
            add("maxmemory", set ? FindingStatus.OK : missing, set ? value.value() + " bytes" : "0 (no limit)",
                    recommended, roles.contains(RedisRole.CACHE)
                            ? "without a limit a cache never evicts and grows until the kernel kills Redis"
                            : "without a limit Redis grows until the kernel kills it, losing what AOF has not synced");
        }

        private void evictionPolicy() {
            Config value = config("maxmemory-policy");
            boolean durable = roles.contains(RedisRole.DURABLE);
            String recommended = durable ? "noeviction" : "allkeys-lru or allkeys-lfu";
            if (value.refused()) {
                add("maxmemory-policy", FindingStatus.UNKNOWN, value.error(), recommended, "CONFIG GET refused");
                return;
            }
            String policy = value.value();
            if (durable) {
                boolean ok = "noeviction".equals(policy);
                add("maxmemory-policy", ok ? FindingStatus.OK : FindingStatus.CRITICAL, policy, recommended, ok ? ""
                        : "EVICTING POLICY ON AN INSTANCE HOLDING SESSIONS/QUEUES: when memory fills Redis silently "
                                + "deletes sessions and queued jobs; the design document's allkeys-lru is for a "
                                + "separate cache instance");
                return;
            }
            boolean ok = "allkeys-lru".equals(policy) || "allkeys-lfu".equals(policy);
            add("maxmemory-policy", ok ? FindingStatus.OK : FindingStatus.WARN, policy, recommended,
                    "noeviction".equals(policy) ? "a full cache refuses writes with OOM errors instead of evicting"
                            : "volatile-* evicts only keys with a TTL and random eviction drops hot keys as readily "
                                    + "as cold ones");
        }

        private void persistence() {
            Config aof = config("appendonly");
            if (aof.refused()) {
                add("appendonly", FindingStatus.UNKNOWN, aof.error(), "yes", "CONFIG GET refused");
                add("appendfsync", FindingStatus.UNKNOWN, aof.error(), "everysec or always", "CONFIG GET refused");
                return;
            }
            boolean on = "yes".equals(aof.value());
            add("appendonly", on ? FindingStatus.OK : FindingStatus.CRITICAL, aof.value(), "yes",
                    "without AOF a crash loses every write since the last RDB snapshot (minutes of sessions and jobs)");
            Config fsync = config("appendfsync");
            if (fsync.refused()) {
                add("appendfsync", FindingStatus.UNKNOWN, fsync.error(), "everysec or always", "CONFIG GET refused");
                return;
            }
            boolean ok = "everysec".equals(fsync.value()) || "always".equals(fsync.value());
            add("appendfsync", !on ? FindingStatus.UNKNOWN : ok ? FindingStatus.OK : FindingStatus.WARN,
                    fsync.value() + (on ? "" : " (AOF off)"), "everysec or always",
                    "with 'no' the OS decides when to flush: a host crash can lose about 30 s of writes; everysec "
                            + "loses at most about 1 s");
        }

        private void authentication() {
            String recommended = "default user off or password-protected; the app uses its own ACL user";
            String why = "anyone who reaches the port can read and change every key";
            try {
                List<Object> user = commands.aclGetuser("default");
                List<String> flags = flags(user);
                boolean open = flags.contains("on") && flags.contains("nopass");
                add("authentication", open ? FindingStatus.CRITICAL : FindingStatus.OK,
                        "default user flags " + flags, recommended, why);
            } catch (RuntimeException e) {
                char[] password = client.settings().password();
                if (password == null || password.length == 0) {
                    // We are connected without credentials, so the server demonstrably does not require them.
                    add("authentication", FindingStatus.CRITICAL, "connected without a password", recommended, why);
                } else {
                    add("authentication", FindingStatus.UNKNOWN, "ACL GETUSER refused: " + RedisMonitor.describe(e),
                            recommended, why);
                }
            }
        }

        private void protectedMode() {
            Config value = config("protected-mode");
            if (value.refused()) {
                add("protected-mode", FindingStatus.UNKNOWN, value.error(), "yes", "CONFIG GET refused");
                return;
            }
            add("protected-mode", "yes".equals(value.value()) ? FindingStatus.OK : FindingStatus.WARN, value.value(),
                    "yes", "protected mode refuses remote clients while the default user has no password, a safety "
                            + "net against a forgotten requirepass");
        }

        private void dangerousCommands(int majorVersion) {
            String recommended = "none of " + DANGEROUS_COMMANDS.keySet() + " permitted to the application's user";
            String why = "a bug, a leaked credential or an injected call could wipe or reconfigure the server";
            if (majorVersion < 7) {
                dangerousCommandsFromRules(recommended, why, majorVersion);
                return;
            }
            List<String> permitted = new ArrayList<>();
            try {
                String user = commands.aclWhoami();
                for (Map.Entry<String, List<String>> command : DANGEROUS_COMMANDS.entrySet()) {
                    if ("OK".equals(dryRun(user, command.getValue()))) {
                        permitted.add(command.getKey());
                    }
                }
            } catch (RuntimeException e) {
                add("dangerous-commands", FindingStatus.UNKNOWN,
                        "ACL WHOAMI/DRYRUN refused (the user cannot inspect ACLs, a good sign): "
                                + RedisMonitor.describe(e),
                        recommended, why);
                return;
            }
            add("dangerous-commands", permitted.isEmpty() ? FindingStatus.OK : FindingStatus.CRITICAL,
                    permitted.isEmpty() ? "none permitted" : "permitted: " + permitted, recommended, why);
        }

        /**
         * Redis 6.2 has no ACL DRYRUN: read the user's own rules with ACL GETUSER (permitted only to users with
         * ACL rights) and evaluate them; UNKNOWN when they cannot be read.
         */
        private void dangerousCommandsFromRules(String recommended, String why, int majorVersion) {
            List<String> permitted = new ArrayList<>();
            try {
                String user = commands.aclWhoami();
                String rules = rules(commands.aclGetuser(user));
                if (rules == null) {
                    throw new IllegalStateException("ACL GETUSER " + user + " has no commands field");
                }
                for (String command : DANGEROUS_COMMANDS.keySet()) {
                    String[] parts = command.split(" ");
                    if (AclRules.permits(rules, parts[0], parts.length > 1 ? parts[1] : null)) {
                        permitted.add(command);
                    }
                }
            } catch (RuntimeException e) {
                add("dangerous-commands", FindingStatus.UNKNOWN, "no ACL DRYRUN before Redis 7.0 (server "
                        + (majorVersion == 0 ? "unknown" : majorVersion + ".x") + ") and ACL GETUSER refused ("
                        + RedisMonitor.describe(e) + "); compare the user's rules with docs/operations/users.acl",
                        recommended, why);
                return;
            }
            add("dangerous-commands", permitted.isEmpty() ? FindingStatus.OK : FindingStatus.CRITICAL,
                    (permitted.isEmpty() ? "none permitted" : "permitted: " + permitted) + " (from ACL GETUSER rules)",
                    recommended, why);
        }

        private String dryRun(String user, List<String> command) {
            CommandArgs<String, byte[]> args = new CommandArgs<>(RemitRedisClient.BYTES_CODEC).add("DRYRUN").add(user);
            command.forEach(args::add);
            return commands.dispatch(CommandType.ACL, new StatusOutput<>(RemitRedisClient.BYTES_CODEC), args);
        }

        private void keepalive() {
            Config value = config("tcp-keepalive");
            String recommended = "300 (Redis default; the design document says both 60 and 300)";
            if (value.refused()) {
                add("tcp-keepalive", FindingStatus.UNKNOWN, value.error(), recommended, "CONFIG GET refused");
                return;
            }
            add("tcp-keepalive", "0".equals(value.value()) ? FindingStatus.WARN : FindingStatus.OK, value.value(),
                    recommended, "without keepalive, connections of crashed clients and dropped NAT entries stay "
                            + "open and count against maxclients");
        }

        private Config config(String name) {
            try {
                String value = commands.configGet(name).get(name);
                return value == null ? new Config(null, "not reported by CONFIG GET") : new Config(value, null);
            } catch (RuntimeException e) {
                return new Config(null, "CONFIG GET refused: " + RedisMonitor.describe(e));
            }
        }

        private void add(String check, FindingStatus status, String actual, String recommended, String why) {
            findings.add(new Finding("", check, status, actual, recommended, why));
        }
    }

    /** The {@code flags} list of an ACL GETUSER reply, as strings. */
    static List<String> flags(List<Object> reply) {
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            if ("flags".equals(text(reply.get(i))) && reply.get(i + 1) instanceof List<?> values) {
                return values.stream().map(ConfigurationAdvisor::text).toList();
            }
        }
        return List.of();
    }

    /** The {@code commands} rules string of an ACL GETUSER reply; {@code null} when absent. */
    static String rules(List<Object> reply) {
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            if ("commands".equals(text(reply.get(i)))) {
                return text(reply.get(i + 1));
            }
        }
        return null;
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof java.nio.ByteBuffer buffer) {
            return StringCodec.UTF8.decodeValue(buffer.duplicate());
        }
        return String.valueOf(value);
    }

    private record Config(String value, String error) {
        boolean refused() {
            return value == null;
        }
    }

    private static Map<String, List<String>> dangerous() {
        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("FLUSHALL", List.of("FLUSHALL"));
        commands.put("FLUSHDB", List.of("FLUSHDB"));
        commands.put("DEBUG", List.of("DEBUG", "HELP"));
        commands.put("KEYS", List.of("KEYS", "*"));
        commands.put("CONFIG SET", List.of("CONFIG", "SET", "maxmemory", "0"));
        return java.util.Collections.unmodifiableMap(commands);
    }

}
