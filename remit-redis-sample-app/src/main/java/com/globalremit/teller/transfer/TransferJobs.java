package com.globalremit.teller.transfer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.globalremit.redis.autoconfigure.queue.RemitJobHandler;
import com.globalremit.redis.queue.EnqueueOptions;
import com.globalremit.redis.queue.Job;
import com.globalremit.redis.queue.JobQueue;
import com.globalremit.redis.queue.JobType;

/**
 * The job handlers of a transfer. Each is idempotent, because delivery is at least once: a job whose worker died
 * runs again. The transfer row is keyed by the job id and follow-up jobs carry derived job ids, so a second run
 * neither books the money twice nor sends a second notification job.
 */
@Component
class TransferJobs {

    private static final Logger log = LoggerFactory.getLogger(TransferJobs.class);

    private final JdbcClient jdbc;
    private final JobQueue jobs;
    private final DemoFailureSwitch demo;

    TransferJobs(JdbcClient jdbc, JobQueue jobs, DemoFailureSwitch demo) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.demo = demo;
    }

    @RemitJobHandler(JobType.TRANSACTION_PROCESSING)
    void process(TransferRequest transfer, Job job) {
        // MERGE: a re-run after a crash finds the row and books nothing twice.
        jdbc.sql("""
                MERGE INTO transfer (id, from_account, to_account, amount_cents, currency, status)
                KEY (id) VALUES (?, ?, ?, ?, ?, 'COMPLETED')""")
                .params(job.id(), transfer.fromAccount(), transfer.toAccount(), transfer.amountCents(),
                        transfer.currency())
                .update();
        jobs.enqueue(JobType.NOTIFICATION, new TransferJob(job.id()), EnqueueOptions.jobId("notify-" + job.id()));
        jobs.enqueue(JobType.COMPLIANCE_CHECK, new TransferJob(job.id()), EnqueueOptions.jobId("aml-" + job.id()));
        log.info("Transfer {} booked (attempt {})", job.id(), job.attempts());
    }

    @RemitJobHandler(JobType.NOTIFICATION)
    void notify(TransferJob payload) {
        // A real service would call the SMS/e-mail gateway here; the sample records that it did.
        jdbc.sql("UPDATE transfer SET notified = TRUE WHERE id = ?").param(payload.transferId()).update();
    }

    @RemitJobHandler(JobType.COMPLIANCE_CHECK)
    void complianceCheck(TransferJob payload) {
        if (demo.failCompliance()) {
            throw new IllegalStateException("demo: AML screening service unavailable");
        }
        jdbc.sql("UPDATE transfer SET compliance = 'CLEARED' WHERE id = ?").param(payload.transferId()).update();
    }
}
