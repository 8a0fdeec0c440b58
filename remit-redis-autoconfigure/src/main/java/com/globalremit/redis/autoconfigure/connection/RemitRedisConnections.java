package com.globalremit.redis.autoconfigure.connection;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.script.ScriptExecutor;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.resource.ClientResources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Where each feature's Redis commands go. A feature whose {@code remit.redis.<feature>.connection} is unset gets the
 * shared {@link RemitRedisClient} bean; one with its own connection (or with {@code read-from} replicas) gets a
 * client built here. Features that end up with equal settings share one client. Clients built here are closed
 * with the application context; the shared bean is left to its own lifecycle.
 *
 * <p>Feature auto-configurations ask this bean instead of injecting {@link RemitRedisClient}, so a cache on a
 * cache-only instance and a queue on a durable instance need no code of their own.
 */
public class RemitRedisConnections implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RemitRedisConnections.class);

    /** The features that can have a connection of their own, with their property prefix. */
    public enum Feature {
        CACHE("cache"), RATE_LIMIT("rate-limit"), SESSION("session"), QUEUE("queue");

        private final String key;

        Feature(String key) {
            this.key = key;
        }

        /** {@code remit.redis.<feature>}. */
        public String prefix() {
            return "remit.redis." + key;
        }
    }

    private final RemitRedisClient shared;
    private final ScriptExecutor sharedScripts;
    private final Map<Feature, RedisConnectionSettings> own;
    private final ClientResources resources;
    private final Map<RedisConnectionSettings, RemitRedisClient> created = new LinkedHashMap<>();
    private final Map<RemitRedisClient, ScriptExecutor> scripts = new IdentityHashMap<>();
    private final Map<Feature, RemitRedisClient> inUse = new EnumMap<>(Feature.class);

    /**
     * @param own the features with a connection of their own (from {@code remit.redis.<feature>.connection})
     */
    public RemitRedisConnections(RemitRedisClient shared, ScriptExecutor sharedScripts,
            Map<Feature, RedisConnectionSettings> own, ClientResources resources) {
        this.shared = shared;
        this.sharedScripts = sharedScripts;
        this.own = own.isEmpty() ? Map.of() : new EnumMap<>(own);
        this.resources = resources;
    }

    /** The client the feature's commands go to. */
    public RemitRedisClient client(Feature feature) {
        return client(feature, null);
    }

    /**
     * The client the feature's commands go to, reading from where {@code readFrom} says.
     *
     * @param readFrom a Lettuce ReadFrom name ({@code replica-preferred}, {@code replica}, {@code any},
     *        {@code upstream}, {@code lowest-latency}, {@code subnet:10.0.0.0/8}, ...), {@code null} or blank for
     *        the primary only; the error for a bad name cites {@code <feature prefix>.read-from}
     */
    public synchronized RemitRedisClient client(Feature feature, String readFrom) {
        RedisConnectionSettings settings = own.getOrDefault(feature, shared.settings());
        ReadFrom parsed = parseReadFrom(feature.prefix() + ".read-from", readFrom);
        if (parsed != null) {
            settings = settings.toBuilder().readFrom(parsed).build();
        }
        if (settings.equals(shared.settings())) {
            return shared;
        }
        RemitRedisClient client = created.get(settings);
        if (client == null) {
            client = RemitRedisClient.create(settings, resources);
            created.put(settings, client);
            log.info("remit-redis {} uses its own connection: {}", feature.prefix(), settings);
        }
        inUse.put(feature, client);
        return client;
    }

    /** The features that asked for a client and got one other than the shared client, with that client. */
    public synchronized Map<Feature, RemitRedisClient> ownClients() {
        return Map.copyOf(inUse);
    }

    /** A script executor running on the feature's client (the shared bean for the shared client). */
    public ScriptExecutor scripts(Feature feature) {
        return scripts(client(feature));
    }

    /** A script executor running on {@code client}, one per client. */
    public synchronized ScriptExecutor scripts(RemitRedisClient client) {
        if (client == shared) {
            return sharedScripts;
        }
        return scripts.computeIfAbsent(client, ScriptExecutor::create);
    }

    static ReadFrom parseReadFrom(String property, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        int colon = text.indexOf(':');
        // Lettuce spells the names in camel case (replicaPreferred); accept the kebab case of properties too.
        String name = (colon < 0 ? text : text.substring(0, colon)).replace("-", "").replace("_", "");
        try {
            return ReadFrom.valueOf(colon < 0 ? name : name.toLowerCase(Locale.ROOT) + text.substring(colon));
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException(property, value,
                    "not a Lettuce ReadFrom: use replica-preferred, replica, any-replica, any, upstream, "
                            + "upstream-preferred, lowest-latency, subnet:<cidr>,... or regex:<pattern>");
        }
    }

    /** Closes the clients built here, newest first; the shared client is not ours. */
    @Override
    public synchronized void destroy() {
        List<RemitRedisClient> clients = new ArrayList<>(created.values());
        Collections.reverse(clients);
        for (RemitRedisClient client : clients) {
            client.close();
        }
        created.clear();
        scripts.clear();
        inUse.clear();
    }
}
