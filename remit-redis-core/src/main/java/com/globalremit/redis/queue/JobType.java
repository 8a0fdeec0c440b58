package com.globalremit.redis.queue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A kind of job and its defaults: priority, how many retries after the first attempt, and the backoff between them.
 * New types need no code: any name works, unknown names get {@link #of(String)}'s defaults.
 */
public record JobType(String name, JobPriority priority, int maxRetries, BackoffPolicy backoff) {

    public static final String TRANSACTION_PROCESSING = "transaction-processing";
    public static final String NOTIFICATION = "notification";
    public static final String COMPLIANCE_CHECK = "compliance-check";
    public static final String REPORTING = "reporting";
    public static final String DATA_SYNC = "data-sync";

    public JobType {
        JobIds.requireValid("job type", name);
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(backoff, "backoff");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries of job type '" + name + "' must be >= 0, but was "
                    + maxRetries);
        }
    }

    /** A type without a table entry: medium priority, 3 retries, exponential backoff. */
    public static JobType of(String name) {
        return new JobType(name, JobPriority.MEDIUM, 3, BackoffPolicy.exponential());
    }

    public JobType withPriority(JobPriority p) {
        return new JobType(name, p, maxRetries, backoff);
    }

    public JobType withMaxRetries(int retries) {
        return new JobType(name, priority, retries, backoff);
    }

    public JobType withBackoff(BackoffPolicy policy) {
        return new JobType(name, priority, maxRetries, policy);
    }

    /**
     * The design document's table. Notification uses a fixed delay (5 s); types whose document row names no policy
     * use exponential backoff.
     */
    public static Map<String, JobType> defaults() {
        Map<String, JobType> types = new LinkedHashMap<>();
        types.put(TRANSACTION_PROCESSING,
                new JobType(TRANSACTION_PROCESSING, JobPriority.HIGH, 3, BackoffPolicy.exponential()));
        types.put(NOTIFICATION,
                new JobType(NOTIFICATION, JobPriority.HIGH, 3, BackoffPolicy.fixed(java.time.Duration.ofSeconds(5))));
        types.put(COMPLIANCE_CHECK,
                new JobType(COMPLIANCE_CHECK, JobPriority.MEDIUM, 2, BackoffPolicy.exponential()));
        types.put(REPORTING, new JobType(REPORTING, JobPriority.LOW, 1, BackoffPolicy.exponential()));
        types.put(DATA_SYNC, new JobType(DATA_SYNC, JobPriority.LOW, 2, BackoffPolicy.exponential()));
        return types;
    }
}
