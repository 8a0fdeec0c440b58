package com.globalremit.teller.transfer;

import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.globalremit.redis.queue.EnqueueOptions;
import com.globalremit.redis.queue.EnqueueResult;
import com.globalremit.redis.queue.JobQueue;
import com.globalremit.redis.queue.JobType;

/**
 * Accepts a transfer and hands it to the job queue: the answer is 202 with the transfer id at once, the money moves
 * in the transaction-processing job. An {@code Idempotency-Key} header makes a client retry return the first
 * transfer instead of moving the money twice.
 */
@RestController
@RequestMapping("/api/transfers")
class TransferController {

    record TransferStatus(String id, String status, boolean notified, String compliance) {
    }

    private final JobQueue jobs;
    private final JdbcClient jdbc;
    private final DemoFailureSwitch demo;

    TransferController(JobQueue jobs, JdbcClient jdbc, DemoFailureSwitch demo) {
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.demo = demo;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> transfer(@RequestBody TransferRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        if (request.amountCents() <= 0 || request.currency() == null || request.currency().length() != 3) {
            return ResponseEntity.badRequest().body(Map.of("error", "amountCents must be positive, currency ISO 4217"));
        }
        EnqueueOptions options = idempotencyKey == null ? EnqueueOptions.NONE
                : EnqueueOptions.dedupKey(idempotencyKey);
        EnqueueResult result;
        try {
            result = jobs.enqueue(JobType.TRANSACTION_PROCESSING, request, options);
        } catch (IllegalArgumentException e) { // an Idempotency-Key with characters unfit for a key
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(Map.of("transferId", result.id(), "duplicate", !result.created()));
    }

    @GetMapping("/{id}")
    ResponseEntity<TransferStatus> status(@PathVariable String id) {
        Optional<TransferStatus> status = jdbc
                .sql("SELECT id, status, notified, compliance FROM transfer WHERE id = ?").param(id)
                .query(TransferStatus.class).optional();
        return status.map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
    }

    @PutMapping("/demo/fail-compliance")
    Map<String, Boolean> failCompliance(@RequestParam boolean enabled) {
        demo.failCompliance(enabled);
        return Map.of("failCompliance", enabled);
    }
}
