package com.globalremit.redis.monitor;

/** How bad a firing alert is; only {@link #CRITICAL} ones turn the health contributor DOWN. */
public enum AlertSeverity {
    WARNING,
    CRITICAL
}
