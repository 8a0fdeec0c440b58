package com.globalremit.redis.monitor;

/** Whether an alert's condition holds. */
public enum AlertState {
    /** Evaluated, below the threshold. */
    OK,
    /** Evaluated, past the threshold. */
    FIRING,
    /** Could not be evaluated: the figure is missing (first sample, field not reported, node unreachable). */
    UNKNOWN
}
