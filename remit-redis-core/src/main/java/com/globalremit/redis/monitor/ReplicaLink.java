package com.globalremit.redis.monitor;

/**
 * One replica as its primary sees it ({@code slaveN:} line of {@code INFO replication}). Numbers the server did not
 * send are {@code -1}.
 *
 * @param ip replica address
 * @param port replica port
 * @param state {@code online}, {@code wait_bgsave}, {@code send_bulk}...
 * @param offset replication offset the replica acknowledged
 * @param lagSeconds seconds since the replica's last acknowledgement (sent every second), not a data lag
 */
public record ReplicaLink(String ip, int port, String state, long offset, long lagSeconds) {
}
