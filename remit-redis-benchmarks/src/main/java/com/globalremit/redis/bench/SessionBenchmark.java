package com.globalremit.redis.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.StringRedisSerializer;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

import com.globalremit.redis.autoconfigure.session.SessionAttributeSerializer;
import com.globalremit.redis.autoconfigure.session.RemitSessionRepository;
import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.session.NewSession;
import com.globalremit.redis.session.RedisSessionStore;
import com.globalremit.redis.session.SessionChanges;
import com.globalremit.redis.session.SessionEncryption;

/**
 * One web request's session work, ours beside Spring Session Data Redis's two repositories.
 *
 * <ul>
 * <li>{@code *Read}: a request that changes nothing. Ours: the read-and-touch script. Spring Session (and our
 * Spring adapter): {@code findById}, {@code setLastAccessedTime(now)} (as {@code SessionRepositoryFilter} does),
 * {@code save}.</li>
 * <li>{@code *Write}: the same plus one attribute set. Ours, core API: {@code touch(id, changes)}, read-and-touch
 * and the write in one script (the caller knows its change before reading). Ours behind Spring Session: the
 * change is known only after {@code findById}, so {@code save} adds a second round trip with just that
 * attribute.</li>
 * </ul>
 * Every thread works on its own session (made on its first call), holding the design document's fields; ours is
 * encrypted as shipped (ipAddress, userAgent, permissions and attribute values, AES-256-GCM). Run with
 * {@code --threads=1} and {@code --threads=8}.
 */
@State(Scope.Benchmark)
public class SessionBenchmark extends RedisBenchmarkState {

    private static final byte[] KEY = new byte[32];
    private static final byte[] VALUE = "v".repeat(32).getBytes(StandardCharsets.UTF_8);

    private RemitRedisClient remitClient;
    private RedisSessionStore store;
    private RemitSessionRepository remitSpring;
    private RedisSessionRepository springDefault;
    private RedisIndexedSessionRepository springIndexed;

    private final ThreadLocal<String> storeId = new ThreadLocal<>();
    private final ThreadLocal<String> remitSpringId = new ThreadLocal<>();
    private final ThreadLocal<String> defaultId = new ThreadLocal<>();
    private final ThreadLocal<String> indexedId = new ThreadLocal<>();

    @Override
    protected void prepare() {
        remitClient = closeAfterTrial(RemitRedisClient.create(
                RedisConnectionSettings.standalone(server.host() + ":" + server.port()).build()));
        store = RedisSessionStore.builder(remitClient)
                .encryption(SessionEncryption.builder().key("bench", KEY).build()).build();
        remitSpring = new RemitSessionRepository(store,
                SessionAttributeSerializer.java(SessionBenchmark.class.getClassLoader()));

        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(server.host(), server.port()));
        factory.afterPropertiesSet();
        factory.start();
        closeAfterTrial(factory::destroy);
        RedisTemplate<String, Object> template = new RedisTemplate<>();
        template.setConnectionFactory(factory);
        template.setKeySerializer(new StringRedisSerializer());
        template.setHashKeySerializer(new StringRedisSerializer());
        template.afterPropertiesSet();
        springDefault = new RedisSessionRepository(template);
        springIndexed = new RedisIndexedSessionRepository(template);
    }

    // ------------------------------------------------------------------ ours, core API

    @Benchmark
    public Object remitStoreRead() {
        return store.touch(storeSession()).orElseThrow();
    }

    @Benchmark
    public Object remitStoreWrite() {
        return store.touch(storeSession(), SessionChanges.builder().setAttribute("lastPage", VALUE).build())
                .orElseThrow();
    }

    // ------------------------------------------------------------------ ours, behind Spring Session's interface

    @Benchmark
    public Object remitSpringRead() {
        return request(remitSpring, springSession(remitSpring, remitSpringId), false);
    }

    @Benchmark
    public Object remitSpringWrite() {
        return request(remitSpring, springSession(remitSpring, remitSpringId), true);
    }

    // ------------------------------------------------------------------ Spring Session Data Redis

    @Benchmark
    public Object springSessionRead() {
        return request(springDefault, springSession(springDefault, defaultId), false);
    }

    @Benchmark
    public Object springSessionWrite() {
        return request(springDefault, springSession(springDefault, defaultId), true);
    }

    @Benchmark
    public Object springSessionIndexedRead() {
        return request(springIndexed, springSession(springIndexed, indexedId), false);
    }

    @Benchmark
    public Object springSessionIndexedWrite() {
        return request(springIndexed, springSession(springIndexed, indexedId), true);
    }

    @Override
    protected RedisCommandCounter.Operation countedOperation(String benchmarkMethod) throws Exception {
        RedisCommandCounter.Operation operation = super.countedOperation(benchmarkMethod);
        operation.run(); // creates this thread's session before counting starts
        return operation;
    }

    // ------------------------------------------------------------------ helpers

    private static <S extends Session> S request(SessionRepository<S> repository, String id, boolean write) {
        S session = repository.findById(id);
        if (session == null) {
            throw new IllegalStateException("session vanished");
        }
        session.setLastAccessedTime(Instant.now());
        if (write) {
            session.setAttribute("lastPage", "v".repeat(32));
        }
        repository.save(session);
        return session;
    }

    private String storeSession() {
        String id = storeId.get();
        if (id == null) {
            id = store.create(NewSession.builder().userId("teller-" + Thread.currentThread().getId())
                    .role("senior-teller").branchId("LDN-01").permissions(List.of("TRANSFER_CREATE",
                            "TRANSFER_APPROVE"))
                    .userAgent("Mozilla/5.0 (X11; Linux x86_64) TellerDesk/7.1").ipAddress("203.0.113.77")
                    .build()).id();
            storeId.set(id);
        }
        return id;
    }

    private static <S extends Session> String springSession(SessionRepository<S> repository,
            ThreadLocal<String> holder) {
        String id = holder.get();
        if (id == null) {
            S session = repository.createSession();
            // The same data as the store's session, as attributes.
            session.setAttribute("userId", "teller-" + Thread.currentThread().getId());
            session.setAttribute("role", "senior-teller");
            session.setAttribute("branchId", "LDN-01");
            session.setAttribute("permissions", new java.util.ArrayList<>(List.of("TRANSFER_CREATE",
                    "TRANSFER_APPROVE")));
            session.setAttribute("userAgent", "Mozilla/5.0 (X11; Linux x86_64) TellerDesk/7.1");
            session.setAttribute("ipAddress", "203.0.113.77");
            repository.save(session);
            id = session.getId();
            holder.set(id);
        }
        return id;
    }

}
