package com.globalremit.redis.autoconfigure.queue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import com.globalremit.redis.queue.JobHandler;
import com.globalremit.redis.queue.JobQueue;
import com.globalremit.redis.queue.JobWorker;
import com.globalremit.redis.queue.JobWorkerOptions;
import com.globalremit.redis.queue.RedisJobQueue;

/**
 * Starts one {@link JobWorker} per named queue that has handlers in this application once the context is refreshed,
 * and stops them gracefully (stop fetching, let running jobs finish up to the shutdown timeout) when it closes,
 * before the Redis client goes away.
 */
public class JobWorkersLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorkersLifecycle.class);

    private final JobQueue jobQueue;
    private final Supplier<Map<String, JobHandler>> handlersByType;
    private final Function<RedisJobQueue, JobWorkerOptions> workerOptions;
    private final List<JobWorker> workers = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param handlersByType read at {@link #start()}, when every bean (and so every handler method) exists
     */
    public JobWorkersLifecycle(JobQueue jobQueue, Supplier<Map<String, JobHandler>> handlersByType,
            Function<RedisJobQueue, JobWorkerOptions> workerOptions) {
        this.jobQueue = jobQueue;
        this.handlersByType = handlersByType;
        this.workerOptions = workerOptions;
    }

    @Override
    public synchronized void start() {
        Map<RedisJobQueue, Map<String, JobHandler>> byQueue = new LinkedHashMap<>();
        handlersByType.get().forEach((type, h) -> byQueue.computeIfAbsent(jobQueue.queueFor(type), q -> new LinkedHashMap<>())
                .put(type, h));
        byQueue.forEach((queue, handlers) -> {
            JobWorkerOptions options = workerOptions.apply(queue);
            workers.add(JobWorker.start(queue, JobHandler.byType(handlers), options));
            log.info("Job queue {}: {} worker thread(s) for {}", queue.name(), options.concurrency(),
                    handlers.keySet());
        });
        running = true;
    }

    @Override
    public synchronized void stop() {
        // Stop all queues' workers in parallel so the shutdown timeouts do not add up.
        List<Thread> stoppers = new ArrayList<>();
        for (JobWorker w : workers) {
            Thread t = new Thread(w::close, "remit-queue-stop-" + w.queue().name());
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The last phase: started after everything handlers use, stopped first while all of it still runs. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    public List<JobWorker> workers() {
        return List.copyOf(workers);
    }
}
