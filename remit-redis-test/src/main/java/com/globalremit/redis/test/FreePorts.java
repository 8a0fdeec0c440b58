package com.globalremit.redis.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks TCP ports on 127.0.0.1 that nothing listens on. A port is only free at the moment of the
 * check, so callers retry with another port when redis-server reports "Address already in use".
 */
final class FreePorts {

    /** Never hand out the well-known Redis ports: a developer's own Redis may be listening there. */
    private static final Set<Integer> RESERVED = Set.of(6379, 16379, 26379);
    /** Remembers ports already handed out so two servers started in quick succession do not collide. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    /*
     * Below the ephemeral range of Linux (32768+) and macOS (49152+): a port the OS hands out for an
     * outgoing connection cannot take the port of a killed server before restart() binds it again.
     */
    private static final int LOW = 20_000;
    private static final int HIGH = 32_700;
    /** Cluster nodes also bind port + 10000 for the cluster bus; keep that below the ephemeral range too. */
    private static final int HIGH_FOR_CLUSTER = 22_700;

    private FreePorts() {
    }

    /** A free port for a standalone server or sentinel. */
    static int any() {
        return pick(false);
    }

    /** A free port whose cluster-bus port (port + 10000) is free as well. */
    static int forClusterNode() {
        return pick(true);
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int pick(boolean cluster) {
        int high = cluster ? HIGH_FOR_CLUSTER : HIGH;
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, high);
            if (RESERVED.contains(port) || RESERVED.contains(port + 10_000) || HANDED_OUT.contains(port)) {
                continue;
            }
            if (cluster && HANDED_OUT.contains(port + 10_000)) {
                continue;
            }
            if (isFree(port) && (!cluster || isFree(port + 10_000)) && HANDED_OUT.add(port)) {
                if (cluster) {
                    HANDED_OUT.add(port + 10_000);
                }
                return port;
            }
        }
        throw new IllegalStateException("no free TCP port found on 127.0.0.1 between " + LOW + " and " + high);
    }
}
