package com.globalremit.redis.autoconfigure.cache;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/**
 * Runs an invalidation now and, inside a transaction, once more after commit: a reader that reloaded the old row
 * between the first delete and the commit would otherwise keep stale data cached until the TTL.
 */
final class AfterCommit {

    private static final boolean TX_PRESENT = ClassUtils.isPresent(
            "org.springframework.transaction.support.TransactionSynchronizationManager", AfterCommit.class.getClassLoader());

    private AfterCommit() {
    }

    static void nowAndAfterCommit(Runnable invalidation) {
        invalidation.run();
        if (TX_PRESENT) {
            Transactions.afterCommit(invalidation);
        }
    }

    /** Separate class so spring-tx is only loaded when present. */
    private static final class Transactions {
        static void afterCommit(Runnable invalidation) {
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        invalidation.run();
                    }
                });
            }
        }
    }
}
