package com.globalremit.redis.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns freshly started, empty cluster-enabled nodes into one cluster, the way redis-cli --cluster
 * create does, using only commands that exist in both Redis 6.2 and 7 (ADDSLOTS rather than the
 * 7-only ADDSLOTSRANGE).
 */
final class ClusterFormation {

    static final int SLOTS = 16384;
    private static final int SLOTS_PER_COMMAND = 1000;
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);

    private ClusterFormation() {
    }

    /** The first {@code masters} nodes become masters; the rest are spread over them as replicas. */
    static void form(List<RedisServer> nodes, int masters) {
        assignSlots(nodes.subList(0, masters));
        RedisServer first = nodes.get(0);
        for (RedisServer node : nodes.subList(1, nodes.size())) {
            first.call("CLUSTER", "MEET", node.host(), Integer.toString(node.port()));
        }
        Await.until("every node to know all " + nodes.size() + " nodes", FORM_TIMEOUT,
                () -> nodes.stream().allMatch(node -> knowsAll(node, nodes.size())), () -> logs(nodes));
        for (int i = masters; i < nodes.size(); i++) {
            RedisServer master = nodes.get((i - masters) % masters);
            String masterId = String.valueOf(master.call("CLUSTER", "MYID"));
            nodes.get(i).call("CLUSTER", "REPLICATE", masterId);
        }
        awaitHealthy(nodes, masters);
    }

    /**
     * Waits until every node reports cluster_state:ok with all slots covered, knows every node, and
     * all nodes agree on who is master and replica.
     */
    static void awaitHealthy(List<RedisServer> nodes, int masters) {
        Await.until("cluster_state:ok and one consistent view on all nodes", FORM_TIMEOUT,
                () -> nodes.stream().allMatch(node -> healthy(node, nodes.size(), masters)) && consistent(nodes),
                () -> logs(nodes));
    }

    private static void assignSlots(List<RedisServer> masters) {
        for (int i = 0; i < masters.size(); i++) {
            int from = i * SLOTS / masters.size();
            int to = (i + 1) * SLOTS / masters.size() - 1;
            RedisServer master = masters.get(i);
            for (int start = from; start <= to; start += SLOTS_PER_COMMAND) {
                List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
                for (int slot = start; slot <= Math.min(to, start + SLOTS_PER_COMMAND - 1); slot++) {
                    command.add(Integer.toString(slot));
                }
                master.call(command.toArray(String[]::new));
            }
            // Distinct epochs up front, as redis-cli does, so nodes need no epoch-collision rounds.
            master.call("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
        }
    }

    private static boolean knowsAll(RedisServer node, int total) {
        List<String> lines = nodeLines(node);
        return lines.size() == total && lines.stream().noneMatch(l -> l.contains("handshake") || l.contains("noaddr"));
    }

    private static boolean healthy(RedisServer node, int total, int masters) {
        String info = String.valueOf(node.call("CLUSTER", "INFO"));
        return info.contains("cluster_state:ok")
                && info.contains("cluster_slots_ok:" + SLOTS)
                && info.contains("cluster_known_nodes:" + total)
                && info.contains("cluster_size:" + masters);
    }

    /** Every node reports the same set of "id role master-id" entries and no failure flags. */
    private static boolean consistent(List<RedisServer> nodes) {
        Set<Set<String>> views = new HashSet<>();
        for (RedisServer node : nodes) {
            Set<String> view = new HashSet<>();
            for (String line : nodeLines(node)) {
                String[] fields = line.split(" ");
                String flags = fields[2];
                if (flags.contains("fail")) {
                    return false;
                }
                String role = flags.contains("master") ? "master" : "replica";
                view.add(fields[0] + " " + role + " " + fields[3]);
            }
            views.add(view);
        }
        return views.size() == 1;
    }

    static List<String> nodeLines(RedisServer node) {
        String text = String.valueOf(node.call("CLUSTER", "NODES"));
        return text.lines().filter(line -> !line.isBlank()).collect(Collectors.toList());
    }

    private static String logs(List<RedisServer> nodes) {
        return nodes.stream().map(node -> node.logTail(15)).collect(Collectors.joining("\n"));
    }
}
