package com.globalremit.redis.test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP2 client used only to orchestrate the servers this module starts (PING,
 * SHUTDOWN, CLUSTER MEET, SENTINEL ...). It has hard socket timeouts and no reconnect logic, which is
 * exactly what start-up probes and fault injection need, and it keeps Lettuce out of the control path
 * that the tests are meant to exercise.
 */
final class RespClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Connects; for TLS it trusts any certificate because it only ever talks to a process we started. */
    static RespClient connect(String host, int port, boolean tls, int timeoutMillis) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            plain.setTcpNoDelay(true);
            if (!tls) {
                return new RespClient(plain);
            }
            SSLSocket ssl = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, host, port, true);
            ssl.setSoTimeout(timeoutMillis);
            ssl.startHandshake();
            return new RespClient(ssl);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * Connects and authenticates with {@code auth}: the AUTH arguments (a password, or user and password), or
     * none when empty. See {@link ServerSpec#controlAuth()}.
     */
    static RespClient connect(String host, int port, boolean tls, java.util.List<String> auth, int timeoutMillis)
            throws IOException {
        RespClient client = connect(host, port, tls, timeoutMillis);
        if (!auth.isEmpty()) {
            try {
                java.util.List<String> command = new java.util.ArrayList<>(auth);
                command.add(0, "AUTH");
                client.call(command.toArray(String[]::new));
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
        }
        return client;
    }

    /** Sends one command and returns the reply: String, Long, List, or null; error replies throw. */
    Object call(String... args) throws IOException {
        send(args);
        return read();
    }

    /** Like {@link #call} for commands whose reply is text (PING, INFO, CLUSTER NODES). */
    String callString(String... args) throws IOException {
        Object reply = call(args);
        return reply == null ? null : reply.toString();
    }

    /** Sends a command without waiting for the reply (SHUTDOWN never answers when it succeeds). */
    void send(String... args) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            buffer.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buffer.writeBytes(bytes);
            buffer.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(buffer.toByteArray());
        out.flush();
    }

    Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by server");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RedisErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length + 2);
                if (data.length < length + 2) {
                    throw new EOFException("truncated bulk reply");
                }
                return new String(data, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    try {
                        items.add(read());
                    } catch (RedisErrorReply e) {
                        // An error inside an array (e.g. EXEC) is data, not a failure of the whole reply.
                        items.add(e);
                    }
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type byte '" + (char) type + "'");
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a socket to a test server: nothing useful to do on failure.
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the middle of a reply");
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
    }

    private static SSLContext trustAll() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustEverything()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot create TLS context", e);
        }
    }

    /** Trust manager for the control connection to our own freshly generated, self-signed server. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
