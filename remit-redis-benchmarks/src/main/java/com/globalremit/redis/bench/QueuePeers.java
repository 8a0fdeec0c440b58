package com.globalremit.redis.bench;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.redisson.Redisson;
import org.redisson.api.RPriorityBlockingQueue;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.queue.JobQueueOptions;
import com.globalremit.redis.queue.RedisJobQueue;

/**
 * What the queue benchmarks compare, built the same way for both: our {@link RedisJobQueue} with its defaults
 * (completed jobs deleted at once, 30 s leases) and Redisson's {@link RPriorityBlockingQueue}.
 *
 * <p>Both carry the same job: type {@value #TYPE}, a small transfer payload. Redisson's elements are strings that
 * sort by priority, then by sequence (FIFO within a priority), then carry the payload; its queue has no job id,
 * lease, retry or dead letter, so it does less work per job than ours by design.
 *
 * <p>Environment variable {@value #REDIS_ENV} ({@code host:port}) points every client at an existing server
 * instead of the benchmark's private one: run-queue-comparison.sh uses it so that ours, Redisson and BullMQ run
 * against the same redis-server process.
 */
final class QueuePeers {

    static final String REDIS_ENV = "REMIT_BENCH_QUEUE_REDIS";
    static final String TYPE = "bench";
    static final Transfer PAYLOAD = new Transfer("T-2026-000042", 125_000, "GBP", "PHP");
    static final String PAYLOAD_JSON = "{\"transferId\":\"T-2026-000042\",\"amountMinor\":125000,"
            + "\"sourceCurrency\":\"GBP\",\"targetCurrency\":\"PHP\"}";

    /** The payload ours serializes with Jackson (as an application would pass it). */
    record Transfer(String transferId, long amountMinor, String sourceCurrency, String targetCurrency) {
    }

    private final AtomicLong sequence = new AtomicLong();
    final String host;
    final int port;

    private QueuePeers(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The server of {@value #REDIS_ENV} if set, else the benchmark's own. */
    static QueuePeers target(String ownHost, int ownPort) {
        String external = System.getenv(REDIS_ENV);
        if (external == null || external.isBlank()) {
            return new QueuePeers(ownHost, ownPort);
        }
        int colon = external.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(REDIS_ENV + " must be host:port, but was " + external);
        }
        return new QueuePeers(external.substring(0, colon), Integer.parseInt(external.substring(colon + 1)));
    }

    boolean external() {
        return System.getenv(REDIS_ENV) != null && !System.getenv(REDIS_ENV).isBlank();
    }

    RemitRedisClient remitClient() {
        return RemitRedisClient.create(RedisConnectionSettings.standalone(host + ":" + port).build());
    }

    static RedisJobQueue remitQueue(RemitRedisClient client) {
        return RedisJobQueue.create(client, JobQueueOptions.builder("bench").build());
    }

    RedissonClient redissonClient() {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + host + ":" + port);
        return Redisson.create(config);
    }

    static RPriorityBlockingQueue<String> redissonQueue(RedissonClient client) {
        return client.getPriorityBlockingQueue("bench:redisson", StringCodec.INSTANCE);
    }

    /** A Redisson element: medium priority (1), then a zero-padded sequence, so FIFO within the priority. */
    String redissonElement() {
        return String.format(Locale.ROOT, "1%015d|%s", sequence.incrementAndGet(), PAYLOAD_JSON);
    }
}
