package com.globalremit.redis.monitor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A parsed {@code INFO} reply: {@code # Section} headers, then {@code name:value} lines. Pure and immutable.
 *
 * <p>Fields are looked up by name across all sections (Redis never repeats a field name in two sections); a field
 * the server did not send (older version, section not requested, managed Redis hiding it) is absent, never zero,
 * so callers can tell "nothing happened" from "we do not know".
 */
public final class RedisInfo {

    private final Map<String, Map<String, String>> sections;
    private final Map<String, String> fields;

    private RedisInfo(Map<String, Map<String, String>> sections) {
        this.sections = sections;
        Map<String, String> all = new LinkedHashMap<>();
        sections.values().forEach(all::putAll);
        this.fields = Collections.unmodifiableMap(all);
    }

    /** Parses an INFO reply; blank lines and lines without {@code :} are ignored, {@code \r} is stripped. */
    public static RedisInfo parse(String reply) {
        Objects.requireNonNull(reply, "reply");
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String raw : reply.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                current = sections.computeIfAbsent(line.substring(1).strip().toLowerCase(Locale.ROOT),
                        k -> new LinkedHashMap<>());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            if (current == null) {
                // A reply without a header (e.g. from a proxy): keep the fields under an unnamed section.
                current = sections.computeIfAbsent("", k -> new LinkedHashMap<>());
            }
            current.put(line.substring(0, colon), line.substring(colon + 1));
        }
        Map<String, Map<String, String>> frozen = new LinkedHashMap<>();
        sections.forEach((name, values) -> frozen.put(name, Collections.unmodifiableMap(values)));
        return new RedisInfo(Collections.unmodifiableMap(frozen));
    }

    /** Section names in reply order, lower case ({@code server}, {@code memory}, {@code keyspace}...). */
    public List<String> sectionNames() {
        return List.copyOf(sections.keySet());
    }

    /** The fields of one section (case-insensitive name), empty when the reply did not contain it. */
    public Map<String, String> section(String name) {
        return sections.getOrDefault(name.toLowerCase(Locale.ROOT), Map.of());
    }

    /** Every field of every section. */
    public Map<String, String> fields() {
        return fields;
    }

    public Optional<String> string(String field) {
        return Optional.ofNullable(fields.get(field));
    }

    /** The field as a long; absent when missing or not an integer. */
    public OptionalLong longValue(String field) {
        String value = fields.get(field);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The field as a double; absent when missing or not a number. */
    public OptionalDouble doubleValue(String field) {
        String value = fields.get(field);
        if (value == null) {
            return OptionalDouble.empty();
        }
        try {
            double parsed = Double.parseDouble(value.strip());
            return Double.isNaN(parsed) ? OptionalDouble.empty() : OptionalDouble.of(parsed);
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** {@code redis_version} as {major, minor}; {0, 0} when unknown. */
    public int[] version() {
        String version = fields.getOrDefault("redis_version", "");
        String[] parts = version.split("\\.");
        try {
            return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
        } catch (NumberFormatException e) {
            return new int[] {0, 0};
        }
    }

    /** True for {@code role:master}; false for a replica or when unknown. */
    public boolean isPrimary() {
        return "master".equals(fields.get("role"));
    }

    /** The {@code # Keyspace} lines ({@code db0:keys=1,expires=0,avg_ttl=0}) by database index. */
    public Map<Integer, KeyspaceStats> keyspace() {
        Map<Integer, KeyspaceStats> result = new LinkedHashMap<>();
        section("keyspace").forEach((name, value) -> {
            if (name.startsWith("db")) {
                try {
                    int db = Integer.parseInt(name.substring(2));
                    Map<String, String> attrs = attributes(value);
                    result.put(db, new KeyspaceStats(db, number(attrs.get("keys")), number(attrs.get("expires")),
                            number(attrs.get("avg_ttl"))));
                } catch (NumberFormatException ignored) {
                    // not a database line
                }
            }
        });
        return Collections.unmodifiableMap(result);
    }

    /**
     * The primary's replica lines ({@code slave0:ip=...,port=...,state=online,offset=...,lag=0}); empty on a
     * replica or a primary without replicas.
     */
    public List<ReplicaLink> replicas() {
        List<ReplicaLink> result = new ArrayList<>();
        section("replication").forEach((name, value) -> {
            if (name.startsWith("slave") && name.length() > 5 && Character.isDigit(name.charAt(5))) {
                Map<String, String> attrs = attributes(value);
                if (attrs.containsKey("ip")) {
                    result.add(new ReplicaLink(attrs.get("ip"), (int) number(attrs.get("port")),
                            attrs.getOrDefault("state", "unknown"), number(attrs.get("offset")),
                            number(attrs.get("lag"))));
                }
            }
        });
        return List.copyOf(result);
    }

    /** {@code errorstat_<PREFIX>:count=N} lines by error prefix (Redis 6.2+); empty when the server has none. */
    public Map<String, Long> errorStats() {
        Map<String, Long> result = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (name.startsWith("errorstat_")) {
                result.put(name.substring("errorstat_".length()), number(attributes(value).get("count")));
            }
        });
        return Collections.unmodifiableMap(result);
    }

    /**
     * Errors replied to clients since start: {@code total_error_replies} (6.2+), else the sum of the error stats;
     * absent on servers that count neither.
     */
    public OptionalLong totalErrorReplies() {
        OptionalLong total = longValue("total_error_replies");
        if (total.isPresent()) {
            return total;
        }
        Map<String, Long> stats = errorStats();
        return stats.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(stats.values().stream().mapToLong(Long::longValue).sum());
    }

    /** {@code a=1,b=2} into a map. */
    static Map<String, String> attributes(String value) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                attrs.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        return attrs;
    }

    private static long number(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return "RedisInfo" + sectionNames();
    }
}
