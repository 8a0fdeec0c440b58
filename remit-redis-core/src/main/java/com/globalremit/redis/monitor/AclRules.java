package com.globalremit.redis.monitor;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates the {@code commands} rules of an {@code ACL GETUSER} reply ({@code +@all -@dangerous +info}) for the
 * advisor's dangerous commands, on servers without {@code ACL DRYRUN} (6.2). Rules apply left to right, as Redis
 * applies them. Only the categories of the commands checked here are known, taken from Redis 6.2's command table;
 * that is enough, because a rule naming another category cannot change whether these commands are permitted.
 */
final class AclRules {

    /** Redis 6.2 ACL categories of each checked command ({@code CONFIG SET} is checked as CONFIG). */
    private static final Map<String, Set<String>> CATEGORIES = Map.of(
            "flushall", Set.of("keyspace", "write", "slow", "dangerous"),
            "flushdb", Set.of("keyspace", "write", "slow", "dangerous"),
            "debug", Set.of("admin", "slow", "dangerous"),
            "keys", Set.of("keyspace", "read", "slow", "dangerous"),
            "config", Set.of("admin", "slow", "dangerous"));

    private AclRules() {
    }

    /**
     * Whether {@code rules} permit {@code command} (one of FLUSHALL, FLUSHDB, DEBUG, KEYS) or, with
     * {@code subcommand}, {@code CONFIG <subcommand>}.
     */
    static boolean permits(String rules, String command, String subcommand) {
        String name = command.toLowerCase(Locale.ROOT);
        Set<String> categories = CATEGORIES.get(name);
        if (categories == null) {
            throw new IllegalArgumentException("command " + command + " is not one the advisor checks");
        }
        String sub = subcommand == null ? null : subcommand.toLowerCase(Locale.ROOT);
        boolean permitted = false;
        for (String token : rules.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.equals("allcommands") || token.equals("+@all")) {
                permitted = true;
            } else if (token.equals("nocommands") || token.equals("-@all")) {
                permitted = false;
            } else if (token.startsWith("+@") || token.startsWith("-@")) {
                if (categories.contains(token.substring(2))) {
                    permitted = token.charAt(0) == '+';
                }
            } else if (token.startsWith("+") || token.startsWith("-")) {
                String target = token.substring(1);
                int bar = target.indexOf('|');
                String targetCommand = bar < 0 ? target : target.substring(0, bar);
                String targetSub = bar < 0 ? null : target.substring(bar + 1);
                if (targetCommand.equals(name) && (targetSub == null || targetSub.equals(sub))) {
                    permitted = token.charAt(0) == '+';
                }
            }
        }
        return permitted;
    }
}
