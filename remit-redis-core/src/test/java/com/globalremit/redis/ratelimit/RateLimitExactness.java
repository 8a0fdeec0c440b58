package com.globalremit.redis.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Fires many checks at one key from many threads at once and collects every decision. */
final class RateLimitExactness {

    private RateLimitExactness() {
    }

    static List<RateLimitDecision> concurrently(SlidingWindowRateLimiter limiter, String caller, RateLimit limit,
            int threads, int requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<RateLimitDecision>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = requests / threads + (t < requests % threads ? 1 : 0);
                futures.add(pool.submit(() -> {
                    start.await();
                    List<RateLimitDecision> mine = new ArrayList<>();
                    for (int i = 0; i < share; i++) {
                        mine.add(limiter.check(caller, "transfers", limit));
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<RateLimitDecision> all = new ArrayList<>();
            for (Future<List<RateLimitDecision>> f : futures) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
