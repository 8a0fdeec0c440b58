package com.globalremit.redis.autoconfigure.queue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import com.globalremit.redis.queue.DeadLetterPage;
import com.globalremit.redis.queue.Job;
import com.globalremit.redis.queue.JobQueue;
import com.globalremit.redis.queue.QueueCounts;
import com.globalremit.redis.queue.RedisJobQueue;

/**
 * {@code /actuator/remitqueue}: queue depths and the dead-letter admin operations. Reads are GET operations; retry
 * and delete are write/delete operations, so whatever secures Actuator's write operations (Spring Security rules,
 * exposure) guards them.
 *
 * <ul>
 * <li>{@code GET /actuator/remitqueue}: counts per queue</li>
 * <li>{@code GET /actuator/remitqueue/{queue}?offset=0&limit=20&type=notification}: a page of dead letters</li>
 * <li>{@code GET /actuator/remitqueue/{queue}/{jobId}}: one job</li>
 * <li>{@code POST /actuator/remitqueue/{queue}} {@code {"action":"retry-all"|"delete-all", "type":...}}</li>
 * <li>{@code POST /actuator/remitqueue/{queue}/{jobId}} {@code {"action":"retry"}}</li>
 * <li>{@code DELETE /actuator/remitqueue/{queue}/{jobId}}</li>
 * </ul>
 */
@Endpoint(id = "remitqueue")
public class RemitQueueEndpoint {

    private final JobQueue jobQueue;

    public RemitQueueEndpoint(JobQueue jobQueue) {
        this.jobQueue = jobQueue;
    }

    @ReadOperation
    public Map<String, QueueCounts> queues() {
        Map<String, QueueCounts> all = new LinkedHashMap<>();
        jobQueue.queues().forEach(q -> all.put(q.name(), q.counts()));
        return all;
    }

    @ReadOperation
    public DeadLetterPage deadLetters(@Selector String queue, @Nullable Integer offset, @Nullable Integer limit,
            @Nullable String type) {
        return queue(queue).deadLetters().list(offset == null ? 0 : offset, limit == null ? 20 : limit,
                type == null || type.isBlank() ? null : type);
    }

    @ReadOperation
    public @Nullable Job job(@Selector String queue, @Selector String jobId) {
        return queue(queue).job(jobId).orElse(null);
    }

    @WriteOperation
    public Map<String, Object> retryOrDeleteAll(@Selector String queue, String action, @Nullable String type) {
        RedisJobQueue q = queue(queue);
        String t = type == null || type.isBlank() ? null : type;
        long n = switch (action) {
            case "retry-all" -> q.deadLetters().retryAll(t);
            case "delete-all" -> q.deadLetters().deleteAll(t);
            default -> throw bad("action must be retry-all or delete-all, but was '" + action + "'");
        };
        return Map.of("queue", queue, "action", action, "jobs", n);
    }

    @WriteOperation
    public Map<String, Object> retry(@Selector String queue, @Selector String jobId, String action) {
        if (!"retry".equals(action)) {
            throw bad("action must be retry, but was '" + action + "'");
        }
        return Map.of("queue", queue, "jobId", jobId, "retried", queue(queue).deadLetters().retry(jobId));
    }

    @DeleteOperation
    public Map<String, Object> delete(@Selector String queue, @Selector String jobId) {
        return Map.of("queue", queue, "jobId", jobId, "deleted", queue(queue).deadLetters().delete(jobId));
    }

    private RedisJobQueue queue(String name) {
        try {
            return jobQueue.queue(name);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private static InvalidEndpointRequestException bad(String message) {
        return new InvalidEndpointRequestException(message, message);
    }

    List<String> names() {
        return jobQueue.queues().stream().map(RedisJobQueue::name).toList();
    }
}
