package com.globalremit.redis.test.dev;

import com.globalremit.redis.test.RedisBinary;
import com.globalremit.redis.test.RedisServer;
import io.lettuce.core.RedisURI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * For running the sample app on a laptop: use the Redis that is already there, or start one. Not for
 * production; the started server keeps its data in a temp directory that is deleted at JVM exit.
 */
public final class DevRedisLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(DevRedisLauncher.class);
    private static final int PROBE_TIMEOUT_MILLIS = 500;
    private static final List<RedisServer> STARTED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(DevRedisLauncher::stopAll, "remit-redis-dev-launcher"));
    }

    private DevRedisLauncher() {
    }

    /**
     * Returns a URI for {@code host:port} if something there answers PING like Redis (PONG, or an
     * authentication error from a password-protected Redis). Otherwise starts a redis-server on
     * 127.0.0.1, on {@code port} if that is free, else on a free port, and returns its URI.
     */
    public static RedisURI ensureRunning(String host, int port) {
        return ensureRunning(host, port, null, null);
    }

    /**
     * Like {@link #ensureRunning(String, int)}; a server it starts requires {@code password} (for {@code username},
     * or the default user when the username is null or {@code default}), so a URL with credentials works against
     * it unchanged.
     */
    public static RedisURI ensureRunning(String host, int port, String username, String password) {
        if (answersPing(host, port)) {
            LOG.info("remit-redis dev launcher: using the Redis already running at {}:{}", host, port);
            return RedisURI.Builder.redis(host, port).build();
        }
        RedisBinary binary = RedisBinary.locate();
        boolean portFree = isFree(port);
        RedisServer.Builder builder = RedisServer.builder().binary(binary).port(portFree ? port : 0);
        if (password != null && !password.isEmpty()) {
            builder.password(password);
            if (username != null && !username.isEmpty() && !username.equals("default")) {
                builder.aclUser(username, password, "~* &* +@all");
            }
        }
        RedisServer server = builder.start();
        STARTED.add(server);
        LOG.info("remit-redis dev launcher: no Redis at {}:{}{}, started redis-server {} ({}) on {}:{}, data in {}",
                host, port, portFree ? "" : " (port taken by something that is not Redis)", binary.version(),
                binary.source(), server.host(), server.port(), server.dataDir());
        return server.uri();
    }

    /** Stops every server this launcher started; also runs at JVM exit. */
    public static void stopAll() {
        for (RedisServer server : STARTED) {
            try {
                server.close();
            } catch (RuntimeException e) {
                LOG.warn("remit-redis dev launcher: could not stop {}", server, e);
            }
        }
        STARTED.clear();
    }

    /** Raw-socket PING with a short timeout, so probing never waits on a slow or foreign service. */
    static boolean answersPing(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MILLIS);
            socket.setSoTimeout(PROBE_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            String text = new String(reply, StandardCharsets.US_ASCII);
            return text.startsWith("+PONG") || text.startsWith("-NOAUTH");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
