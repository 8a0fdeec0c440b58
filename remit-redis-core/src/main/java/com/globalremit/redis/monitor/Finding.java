package com.globalremit.redis.monitor;

/**
 * One advisor check on one node.
 *
 * @param node the node checked ({@code host:port}), or {@code client} for checks of the connection itself
 * @param check what was checked ({@code maxmemory-policy}, {@code appendonly}, {@code dangerous-commands}...)
 * @param status OK, WARN, CRITICAL or UNKNOWN
 * @param actual what the server has (never a secret), or why it could not be read
 * @param recommended what the profile recommends
 * @param why why it matters
 */
public record Finding(String node, String check, FindingStatus status, String actual, String recommended,
        String why) {
}
