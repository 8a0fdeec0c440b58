package com.globalremit.redis.autoconfigure.connection;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * A feature's own Redis ({@code remit.redis.<feature>.connection.*}). Set exactly one of {@code url},
 * {@code sentinel.master} (with {@code sentinel.nodes}) or {@code cluster.nodes}; leave all three unset and the
 * feature uses the shared connection ({@code remit.redis.*}). Credentials and TLS are never inherited from the
 * shared connection (it is another server); timeouts, queue size, client name and cluster refresh are.
 */
public class FeatureConnectionProperties {

    /** Address of a standalone Redis for this feature, redis:// or rediss:// (TLS). */
    private String url;

    /** ACL user name for this feature's Redis; empty for the default user. */
    private String username;

    /** Password for this feature's Redis. Take it from the environment, never from a committed file. */
    private String password;

    /** Database index (standalone and sentinel). */
    private int database;

    private final Sentinel sentinel = new Sentinel();

    private final Cluster cluster = new Cluster();

    /** TLS to this feature's Redis. */
    @NestedConfigurationProperty
    private final Ssl ssl = new Ssl();

    /** Sentinel settings of this feature's Redis. */
    public static class Sentinel {

        /** Name the sentinels know the primary by; setting it selects Sentinel for this feature. */
        private String master;

        /** Sentinel addresses as host:port. */
        private List<String> nodes = new ArrayList<>();

        /** Password of the sentinels themselves, when they require one. */
        private String password;

        public String getMaster() { return master; }
        public void setMaster(String master) { this.master = master; }
        public List<String> getNodes() { return nodes; }
        public void setNodes(List<String> nodes) { this.nodes = nodes; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
    }

    /** Cluster settings of this feature's Redis. */
    public static class Cluster {

        /** Seed nodes as host:port; setting them selects Cluster for this feature. */
        private List<String> nodes = new ArrayList<>();

        public List<String> getNodes() { return nodes; }
        public void setNodes(List<String> nodes) { this.nodes = nodes; }
    }

    /** Whether this feature's connection is configured at all (else the shared one is used). */
    boolean isConfigured() {
        return url != null || sentinel.getMaster() != null || !cluster.getNodes().isEmpty();
    }

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public int getDatabase() { return database; }
    public void setDatabase(int database) { this.database = database; }
    public Sentinel getSentinel() { return sentinel; }
    public Cluster getCluster() { return cluster; }
    public Ssl getSsl() { return ssl; }
}
