package com.globalremit.redis.autoconfigure.connection;

import com.globalremit.redis.connection.RedisConnectionSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * How remit-redis reaches Redis ({@code remit.redis.*}). Features add their own groups
 * ({@code remit.redis.cache}, {@code remit.redis.rate-limit}, ...) in their own properties classes.
 */
@ConfigurationProperties("remit.redis")
public class RemitRedisProperties {

    /**
     * The default of {@code remit.redis.url}: Redis on this host, on its own default port
     * ({@link RedisConnectionSettings#DEFAULT_PORT}; a literal, so the IDE metadata shows it).
     */
    public static final String DEFAULT_URL = "redis://localhost:6379";

    /** Topology of the Redis deployment. */
    public enum Mode { STANDALONE, SENTINEL, CLUSTER }

    /**
     * Topology: standalone (uses url), sentinel (uses sentinel.*) or cluster (uses cluster.nodes). When none of
     * mode, url, sentinel.master, sentinel.nodes or cluster.nodes is set, the shared connection comes from Spring
     * Boot's spring.data.redis.* instead (remit.redis.* settings that are set still win there).
     */
    private Mode mode = Mode.STANDALONE;

    /**
     * Address of a standalone Redis, redis:// or rediss:// (TLS). Unset (with mode, sentinel and cluster unset too),
     * spring.data.redis.* decides, whose own default is also localhost:6379.
     */
    private String url = DEFAULT_URL;

    /** ACL user name (Redis 6+); empty for the default user. */
    private String username;

    /** Password of the user. Take it from the environment (e.g. REMIT_REDIS_PASSWORD), never from a committed file. */
    private String password;

    /** TLS: on for every node, and the SSL bundle that holds the CA (and client key) to use. */
    @NestedConfigurationProperty
    private final Ssl ssl = new Ssl();

    /** Verify the server certificate and host name when TLS is on. */
    private boolean verifyPeer = true;

    /** Database index for standalone and sentinel; cluster has only database 0. */
    private int database;

    /** Name shown by CLIENT LIST, to tell this service's connections apart. */
    private String clientName;

    /** Longest wait for one command before it fails with a timeout. */
    private Duration commandTimeout = Duration.ofSeconds(2);

    /** Longest wait to open a connection. */
    private Duration connectTimeout = Duration.ofSeconds(2);

    /**
     * Most commands a connection queues while waiting for replies. Lettuce's default is unbounded, so an outage
     * could fill the heap; beyond this bound commands fail at once.
     */
    private int requestQueueSize = 10_000;

    /**
     * How long a connection may stay silent before it is closed and reopened, which in Sentinel mode asks the
     * sentinels for the primary again. Bounds the wait on a hung or unreachable node: TCP keepalive probes and
     * TCP_USER_TIMEOUT (with the native epoll/io_uring transport the starter brings) close a socket to a host that
     * stopped answering, and in standalone and Sentinel mode the client also reconnects once commands have kept
     * timing out this long without any reply. At least 1s.
     */
    private Duration deadConnectionTimeout = Duration.ofSeconds(10);

    /** Prefix put before every key this library writes, e.g. "teller" gives "teller:client:profile:123". */
    private String keyPrefix;

    /** Longest key accepted; longer keys are rejected with an error naming the key. */
    private int maxKeyLength = 512;

    private final Sentinel sentinel = new Sentinel();

    private final Cluster cluster = new Cluster();

    private final Codec codec = new Codec();

    /** Sentinel settings, used when mode is SENTINEL. */
    public static class Sentinel {

        /** Name the sentinels know the primary by. */
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

    /** Cluster settings, used when mode is CLUSTER. */
    public static class Cluster {

        /** Seed nodes as host:port; the rest of the cluster is discovered from them. */
        private List<String> nodes = new ArrayList<>();

        /**
         * Refresh the topology when Redis signals a change (MOVED, ASK, reconnects). Lettuce 6.8 has it off, which
         * leaves clients timing out after a failover until restart.
         */
        private boolean adaptiveRefresh = true;

        /**
         * After an adaptive refresh, ignore further triggers this long. Short (Lettuce's own is 30 s) so that the
         * slots of a crashed master are found on its promoted replica within seconds.
         */
        private Duration adaptiveRefreshTimeout = Duration.ofSeconds(2);

        /** Also refresh the topology on this period; zero turns periodic refresh off. */
        private Duration periodicRefresh = Duration.ofSeconds(60);

        public List<String> getNodes() { return nodes; }
        public void setNodes(List<String> nodes) { this.nodes = nodes; }
        public boolean isAdaptiveRefresh() { return adaptiveRefresh; }
        public void setAdaptiveRefresh(boolean adaptiveRefresh) { this.adaptiveRefresh = adaptiveRefresh; }
        public Duration getAdaptiveRefreshTimeout() { return adaptiveRefreshTimeout; }
        public void setAdaptiveRefreshTimeout(Duration adaptiveRefreshTimeout) { this.adaptiveRefreshTimeout = adaptiveRefreshTimeout; }
        public Duration getPeriodicRefresh() { return periodicRefresh; }
        public void setPeriodicRefresh(Duration periodicRefresh) { this.periodicRefresh = periodicRefresh; }
    }

    /** How values are written to Redis. */
    public static class Codec {

        /** Compress values larger than compression-threshold (LZ4). */
        private boolean compression = true;

        /** Values at least this large are compressed. */
        private DataSize compressionThreshold = DataSize.ofKilobytes(1);

        public boolean isCompression() { return compression; }
        public void setCompression(boolean compression) { this.compression = compression; }
        public DataSize getCompressionThreshold() { return compressionThreshold; }
        public void setCompressionThreshold(DataSize compressionThreshold) { this.compressionThreshold = compressionThreshold; }
    }

    public Mode getMode() { return mode; }
    public void setMode(Mode mode) { this.mode = mode; }
    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public Ssl getSsl() { return ssl; }
    public boolean isVerifyPeer() { return verifyPeer; }
    public void setVerifyPeer(boolean verifyPeer) { this.verifyPeer = verifyPeer; }
    public int getDatabase() { return database; }
    public void setDatabase(int database) { this.database = database; }
    public String getClientName() { return clientName; }
    public void setClientName(String clientName) { this.clientName = clientName; }
    public Duration getCommandTimeout() { return commandTimeout; }
    public void setCommandTimeout(Duration commandTimeout) { this.commandTimeout = commandTimeout; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public int getRequestQueueSize() { return requestQueueSize; }
    public void setRequestQueueSize(int requestQueueSize) { this.requestQueueSize = requestQueueSize; }

    public Duration getDeadConnectionTimeout() { return deadConnectionTimeout; }
    public void setDeadConnectionTimeout(Duration deadConnectionTimeout) { this.deadConnectionTimeout = deadConnectionTimeout; }
    public String getKeyPrefix() { return keyPrefix; }
    public void setKeyPrefix(String keyPrefix) { this.keyPrefix = keyPrefix; }
    public int getMaxKeyLength() { return maxKeyLength; }
    public void setMaxKeyLength(int maxKeyLength) { this.maxKeyLength = maxKeyLength; }
    public Sentinel getSentinel() { return sentinel; }
    public Cluster getCluster() { return cluster; }
    public Codec getCodec() { return codec; }
}
