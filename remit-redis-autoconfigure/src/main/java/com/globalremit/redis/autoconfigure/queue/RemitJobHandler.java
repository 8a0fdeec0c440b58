package com.globalremit.redis.autoconfigure.queue;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of a job type. Parameters: the payload (any JSON-readable type, read with
 * the queue's mapper, no default typing), and optionally the {@link com.globalremit.redis.queue.Job} itself, in
 * either order. Return normally to complete the job, throw to fail the attempt.
 *
 * <pre>{@code
 * @RemitJobHandler("transaction-processing")
 * void process(TransferRequest transfer, Job job) { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RemitJobHandler {

    /** The job type, e.g. {@code transaction-processing}. */
    String value();
}
