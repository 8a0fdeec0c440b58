package com.globalremit.redis.autoconfigure.connection;

import com.globalremit.redis.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** Looks at a server from outside the application under test, as the admin (KEYS and CONFIG RESETSTAT are not the app user's). */
final class ConnectionAssertions {

    private ConnectionAssertions() {
    }

    /** Every key on the server (tests only: KEYS is fine on a few keys). */
    static Set<String> keys(RedisServer server) {
        return call(server, connection -> new TreeSet<>(connection.sync().keys("*")));
    }

    /** Calls of one command since the last CONFIG RESETSTAT, from INFO commandstats (0 if never called). */
    static long calls(RedisServer server, String command) {
        String info = call(server, connection -> connection.sync().info("commandstats"));
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
            }
        }
        return 0;
    }

    static void resetStats(List<RedisServer> servers) {
        servers.forEach(server -> call(server, connection -> connection.sync().configResetstat()));
    }

    static <T> T call(RedisServer server, java.util.function.Function<StatefulRedisConnection<String, String>, T> f) {
        RedisClient client = RedisClient.create(server.adminUri());
        if (server.isTls()) {
            client.setOptions(io.lettuce.core.ClientOptions.builder().sslOptions(server.sslOptions()).build());
        }
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return f.apply(connection);
        }
        finally {
            client.shutdown();
        }
    }

    static InvalidConfigurationPropertyValueException propertyError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationPropertyValueException error) {
                return error;
            }
        }
        throw new AssertionError("no InvalidConfigurationPropertyValueException in", failure);
    }
}
