package com.globalremit.redis.autoconfigure.monitor;

import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.monitor.AdvisorReport;
import com.globalremit.redis.monitor.ConfigurationAdvisor;
import com.globalremit.redis.monitor.FindingStatus;
import com.globalremit.redis.monitor.RedisRole;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Runs the configuration advisor on every Redis the application uses, each against the profile of the roles it
 * serves: a cache-only server on allkeys-lru is fine, the server holding queues or sessions on it is CRITICAL.
 * The shared server goes through the {@link ConfigurationAdvisor} bean (so a replacement bean is honoured).
 */
public class ServersAdvisor {

    private final RedisServers servers;
    private final ConfigurationAdvisor sharedAdvisor;

    public ServersAdvisor(RedisServers servers, ConfigurationAdvisor sharedAdvisor) {
        this.servers = servers;
        this.sharedAdvisor = sharedAdvisor;
    }

    /**
     * The advice for one server.
     *
     * @param connection {@code shared} or the features on the server joined by {@code +}
     * @param address where the server is, without credentials
     * @param features the features it serves
     */
    public record ServerAdvice(String connection, String address, List<String> features, AdvisorReport report) {

        /** Log text: which server, then the report. */
        public String format() {
            return "Redis " + connection + " " + address + " serving " + features + ": " + report.format();
        }
    }

    /** Every server's advice, worst status over all servers first. */
    public record Advice(FindingStatus worst, List<ServerAdvice> servers) {
    }

    /** Runs every check on every server now; read-only, never throws for a refused command. */
    public Advice advise() {
        List<ServerAdvice> advice = servers.servers().stream().map(this::advise).toList();
        FindingStatus worst = advice.stream().map(a -> a.report().worst())
                .max(Comparator.comparingInt(FindingStatus::rank)).orElse(FindingStatus.OK);
        return new Advice(worst, advice);
    }

    private ServerAdvice advise(RedisServers.Server server) {
        AdvisorReport report = advisor(server.client(), server.roles(), server.connection()).advise();
        return new ServerAdvice(server.connection(), server.address(), server.features(), report);
    }

    private ConfigurationAdvisor advisor(RemitRedisClient client, Set<RedisRole> roles, String connection) {
        boolean sharedBean = RedisServers.SHARED.equals(connection) && sharedAdvisor.roles().equals(roles);
        return sharedBean ? sharedAdvisor : ConfigurationAdvisor.create(client, roles);
    }
}
