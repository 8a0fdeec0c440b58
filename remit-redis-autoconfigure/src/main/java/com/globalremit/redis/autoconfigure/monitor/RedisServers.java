package com.globalremit.redis.autoconfigure.monitor;

import com.globalremit.redis.autoconfigure.connection.RemitRedisConnections;
import com.globalremit.redis.autoconfigure.connection.RemitRedisConnections.Feature;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.monitor.RedisRole;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.core.env.Environment;

/**
 * Every distinct Redis the application uses, each with the features (and so the roles) it serves. A feature with
 * its own {@code remit.redis.<feature>.connection} lives on its own server; the shared server serves every enabled
 * feature without one. Read when asked (not at construction), because features get their clients while the
 * context starts.
 */
public class RedisServers {

    /** The connection name of the shared client, also the {@code connection} tag of its meters. */
    public static final String SHARED = "shared";

    private final RemitRedisClient shared;
    private final RemitRedisConnections connections;
    private final Environment environment;
    private final Set<RedisRole> configuredRoles;

    /**
     * @param connections {@code null} when the application has no per-feature connections bean
     * @param configuredRoles {@code remit.redis.monitor.roles}: the shared server's roles while no feature has a
     *        server of its own, or when no enabled feature is left on it
     */
    public RedisServers(RemitRedisClient shared, RemitRedisConnections connections, Environment environment,
            Set<RedisRole> configuredRoles) {
        this.shared = shared;
        this.connections = connections;
        this.environment = environment;
        this.configuredRoles = Set.copyOf(configuredRoles);
    }

    /**
     * One Redis: {@code connection} names it ({@code shared}, or the features on it joined by {@code +}).
     *
     * @param features feature names ({@code cache}, {@code queue}, ...); empty for a shared server no feature uses
     */
    public record Server(String connection, RemitRedisClient client, Set<RedisRole> roles, List<String> features) {

        /** Where the server is, without credentials. */
        public String address() {
            return client.settings().mode() + " " + client.settings().nodes().stream()
                    .map(node -> node.replaceAll("(?<=://)[^@/]*@", "")).toList();
        }
    }

    /** The shared server first, then each own server; features that share an own client share one entry. */
    public List<Server> servers() {
        Map<Feature, RemitRedisClient> own = connections == null ? Map.of() : connections.ownClients();
        Map<RemitRedisClient, Set<Feature>> byClient = new IdentityHashMap<>();
        own.forEach((feature, client) -> byClient.computeIfAbsent(client, c -> EnumSet.noneOf(Feature.class))
                .add(feature));
        List<Server> servers = new ArrayList<>();
        Set<Feature> onShared = EnumSet.noneOf(Feature.class);
        for (Feature feature : Feature.values()) {
            if (!own.containsKey(feature) && enabled(feature)) {
                onShared.add(feature);
            }
        }
        boolean derive = !own.isEmpty() && !onShared.isEmpty();
        servers.add(new Server(SHARED, shared, derive ? roles(onShared) : configuredRoles, names(onShared)));
        byClient.entrySet().stream().map(e -> new Server(String.join("+", names(e.getValue())), e.getKey(),
                roles(e.getValue()), names(e.getValue()))).sorted(Comparator.comparing(Server::connection))
                .forEach(servers::add);
        return servers;
    }

    /** The cache may lose keys; sessions, jobs and rate-limit windows may not. */
    static Set<RedisRole> roles(Set<Feature> features) {
        Set<RedisRole> roles = new LinkedHashSet<>();
        for (Feature feature : features) {
            roles.add(feature == Feature.CACHE ? RedisRole.CACHE : RedisRole.DURABLE);
        }
        return roles;
    }

    private boolean enabled(Feature feature) {
        return environment.getProperty(feature.prefix() + ".enabled", Boolean.class, true);
    }

    private static List<String> names(Set<Feature> features) {
        Set<String> names = new TreeSet<>();
        features.forEach(f -> names.add(f.prefix().substring("remit.redis.".length())));
        return List.copyOf(names);
    }
}
