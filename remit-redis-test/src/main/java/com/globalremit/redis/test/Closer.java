package com.globalremit.redis.test;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Closes several things so that one failing close never leaves the others running. */
final class Closer {

    private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

    private Closer() {
    }

    static void closeAll(List<? extends AutoCloseable> closeables) {
        for (AutoCloseable closeable : closeables) {
            closeQuietly(closeable);
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("failed to close {}", closeable, e);
        }
    }
}
