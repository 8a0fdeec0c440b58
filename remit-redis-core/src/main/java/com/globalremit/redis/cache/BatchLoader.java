package com.globalremit.redis.cache;

import java.util.Map;
import java.util.Set;

/** Loads the values of the ids a batch get missed, in one call; ids absent from the result have no value. */
@FunctionalInterface
public interface BatchLoader<T> {
    Map<String, T> load(Set<String> missingIds) throws Exception;
}
