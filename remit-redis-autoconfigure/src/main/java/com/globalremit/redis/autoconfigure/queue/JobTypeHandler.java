package com.globalremit.redis.autoconfigure.queue;

import com.globalremit.redis.queue.Job;

/**
 * A bean that handles one job type, the interface alternative to {@link RemitJobHandler} methods.
 *
 * @param <T> the payload type
 */
public interface JobTypeHandler<T> {

    /** The job type, e.g. {@code notification}. */
    String jobType();

    /** The payload's class; the payload JSON is read as this type. */
    Class<T> payloadType();

    /** Return normally to complete the job, throw to fail the attempt. */
    void handle(T payload, Job job) throws Exception;
}
