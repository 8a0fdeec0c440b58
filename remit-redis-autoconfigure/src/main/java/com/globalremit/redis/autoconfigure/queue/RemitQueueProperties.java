package com.globalremit.redis.autoconfigure.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import com.globalremit.redis.queue.BackoffPolicy;
import com.globalremit.redis.queue.JobPriority;

/**
 * Job queues ({@code remit.redis.queue.*}): named queues, job types and their workers. Job types default to the
 * design document's table (transaction-processing, notification, compliance-check, reporting, data-sync); any other
 * type name works without configuration (medium priority, 3 retries, exponential backoff).
 */
@ConfigurationProperties("remit.redis.queue")
public class RemitQueueProperties {

    /** Whether to create the job queue beans at all. */
    private boolean enabled = true;

    /** Queue of every job type that names no queue (and sets no concurrency of its own). */
    private String defaultQueue = "jobs";

    /**
     * Whether this application runs workers for its handlers. Off for a service that only enqueues, or to drain a
     * node before maintenance.
     */
    private boolean workersEnabled = true;

    /** Worker id recorded in each attempt's history; defaults to pid@host plus a random part. */
    private String workerId;

    /**
     * Check Redis's maxmemory-policy at start-up and warn loudly unless it is noeviction (an evicting Redis drops
     * jobs silently).
     */
    private boolean checkEvictionPolicy = true;

    /** Settings per named queue; a queue not listed uses the defaults. */
    private Map<String, QueueSettings> queues = new LinkedHashMap<>();

    /** Settings per job type, overriding the built-in table. */
    private Map<String, TypeSettings> types = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getDefaultQueue() {
        return defaultQueue;
    }

    public void setDefaultQueue(String defaultQueue) {
        this.defaultQueue = defaultQueue;
    }

    public boolean isWorkersEnabled() {
        return workersEnabled;
    }

    public void setWorkersEnabled(boolean workersEnabled) {
        this.workersEnabled = workersEnabled;
    }

    public String getWorkerId() {
        return workerId;
    }

    public void setWorkerId(String workerId) {
        this.workerId = workerId;
    }

    public boolean isCheckEvictionPolicy() {
        return checkEvictionPolicy;
    }

    public void setCheckEvictionPolicy(boolean checkEvictionPolicy) {
        this.checkEvictionPolicy = checkEvictionPolicy;
    }

    public Map<String, QueueSettings> getQueues() {
        return queues;
    }

    public void setQueues(Map<String, QueueSettings> queues) {
        this.queues = queues;
    }

    public Map<String, TypeSettings> getTypes() {
        return types;
    }

    public void setTypes(Map<String, TypeSettings> types) {
        this.types = types;
    }

    /** One named queue: its keys share the hash tag {name}, so different queues spread over a cluster. */
    public static class QueueSettings {

        /** Worker threads of this application for the queue. Default: the type's concurrency for a queue of one
         * type, else 4. */
        private Integer concurrency;

        /** How long a fetched job stays invisible to other workers without a renewal; renewed every third of it. */
        private Duration leaseTime = Duration.ofSeconds(30);

        /** Lease lapses (worker died or hung) a job may have before it goes to the dead letters. */
        private int maxStalls = 3;

        /** Most dead letters kept (oldest deleted first, logged at WARN and counted); 0 = unbounded. */
        private int deadLetterMaxSize = 10_000;

        /** Dead letters older than this are deleted (logged at WARN and counted); 0 = kept until deleted. */
        private Duration deadLetterMaxAge = Duration.ofDays(180);

        /** Completed jobs kept for inspection; 0 removes a job as soon as it completes. */
        private int keepCompleted = 0;

        /** Completed jobs older than this are removed even under keep-completed; 0 = no age limit. */
        private Duration keepCompletedFor = Duration.ZERO;

        /** How long after a job completed (or was deleted) its job id or dedup key still makes enqueue a no-op. */
        private Duration dedupWindow = Duration.ofHours(24);

        /**
         * Empty for strict priority (high before medium before low). Three numbers (high, medium, low), e.g. 6,3,1,
         * for weighted priority: of every 10 fetches 6 start at high, 3 at medium, 1 at low, so low never starves.
         */
        private List<Integer> weights = new ArrayList<>();

        /** Longest blocking wait of an idle worker thread; new jobs wake it at once. */
        private Duration maxIdleWait = Duration.ofSeconds(5);

        /** On shutdown, how long running jobs may finish; the rest are left to lease recovery. */
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        /**
         * Jobs each worker thread fetches at once (1 to 100). Above 1: one round trip fetches that many, and each
         * completion is sent without waiting, which suits many short jobs; but a job fetched behind others waits for
         * them, even when a higher-priority job arrives meanwhile, and a killed worker leaves its unstarted jobs to
         * lease recovery. A graceful stop hands them back at once.
         */
        private int prefetch = 1;

        public Integer getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(Integer concurrency) {
            this.concurrency = concurrency;
        }

        public Duration getLeaseTime() {
            return leaseTime;
        }

        public void setLeaseTime(Duration leaseTime) {
            this.leaseTime = leaseTime;
        }

        public int getMaxStalls() {
            return maxStalls;
        }

        public void setMaxStalls(int maxStalls) {
            this.maxStalls = maxStalls;
        }

        public int getDeadLetterMaxSize() {
            return deadLetterMaxSize;
        }

        public void setDeadLetterMaxSize(int deadLetterMaxSize) {
            this.deadLetterMaxSize = deadLetterMaxSize;
        }

        public Duration getDeadLetterMaxAge() {
            return deadLetterMaxAge;
        }

        public void setDeadLetterMaxAge(Duration deadLetterMaxAge) {
            this.deadLetterMaxAge = deadLetterMaxAge;
        }

        public int getKeepCompleted() {
            return keepCompleted;
        }

        public void setKeepCompleted(int keepCompleted) {
            this.keepCompleted = keepCompleted;
        }

        public Duration getKeepCompletedFor() {
            return keepCompletedFor;
        }

        public void setKeepCompletedFor(Duration keepCompletedFor) {
            this.keepCompletedFor = keepCompletedFor;
        }

        public Duration getDedupWindow() {
            return dedupWindow;
        }

        public void setDedupWindow(Duration dedupWindow) {
            this.dedupWindow = dedupWindow;
        }

        public List<Integer> getWeights() {
            return weights;
        }

        public void setWeights(List<Integer> weights) {
            this.weights = weights;
        }

        public Duration getMaxIdleWait() {
            return maxIdleWait;
        }

        public void setMaxIdleWait(Duration maxIdleWait) {
            this.maxIdleWait = maxIdleWait;
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public int getPrefetch() {
            return prefetch;
        }

        public void setPrefetch(int prefetch) {
            this.prefetch = prefetch;
        }
    }

    /** One job type; unset fields keep the built-in defaults of that type. */
    public static class TypeSettings {

        /** Named queue of this type. Default: the default queue, or a queue named after the type when concurrency
         * is set. */
        private String queue;

        /** Priority within its queue: high, medium or low. */
        private JobPriority priority;

        /** Retries after the first attempt before the job goes to the dead letters. */
        private Integer maxRetries;

        /** Backoff between retries: exponential (min(backoff-max, 2^retryCount * backoff-delay)) or fixed. */
        private BackoffPolicy.Kind backoff;

        /** First retry delay (exponential) or every retry delay (fixed). Default 1s (notification: 5s). */
        private Duration backoffDelay;

        /** Cap of exponential delays. Default 10m. */
        private Duration backoffMax;

        /** Spread each delay over [delay/2, delay] so jobs failed together do not retry together. */
        private Boolean jitter;

        /**
         * Worker threads for this type. Setting it gives the type its own queue (named after the type, unless
         * queue is set), so its jobs neither wait behind nor hold up other types.
         */
        private Integer concurrency;

        public String getQueue() {
            return queue;
        }

        public void setQueue(String queue) {
            this.queue = queue;
        }

        public JobPriority getPriority() {
            return priority;
        }

        public void setPriority(JobPriority priority) {
            this.priority = priority;
        }

        public Integer getMaxRetries() {
            return maxRetries;
        }

        public void setMaxRetries(Integer maxRetries) {
            this.maxRetries = maxRetries;
        }

        public BackoffPolicy.Kind getBackoff() {
            return backoff;
        }

        public void setBackoff(BackoffPolicy.Kind backoff) {
            this.backoff = backoff;
        }

        public Duration getBackoffDelay() {
            return backoffDelay;
        }

        public void setBackoffDelay(Duration backoffDelay) {
            this.backoffDelay = backoffDelay;
        }

        public Duration getBackoffMax() {
            return backoffMax;
        }

        public void setBackoffMax(Duration backoffMax) {
            this.backoffMax = backoffMax;
        }

        public Boolean getJitter() {
            return jitter;
        }

        public void setJitter(Boolean jitter) {
            this.jitter = jitter;
        }

        public Integer getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(Integer concurrency) {
            this.concurrency = concurrency;
        }
    }
}
