package com.globalremit.redis.queue;

import java.util.List;

/**
 * One page of dead letters, newest first.
 *
 * @param total dead letters matching the filter
 * @param offset index of the first job of this page
 * @param jobs the page
 */
public record DeadLetterPage(long total, int offset, List<Job> jobs) {

    public DeadLetterPage {
        jobs = List.copyOf(jobs);
    }
}
