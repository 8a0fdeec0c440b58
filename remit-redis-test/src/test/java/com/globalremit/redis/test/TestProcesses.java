package com.globalremit.redis.test;

import java.util.List;

/** Assertion helpers about OS processes. */
final class TestProcesses {

    private TestProcesses() {
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static List<Long> pids(List<RedisServer> servers) {
        return servers.stream().map(RedisServer::pid).toList();
    }

    static List<Long> stillAlive(List<Long> pids) {
        return pids.stream().filter(TestProcesses::alive).toList();
    }
}
