package com.globalremit.redis.autoconfigure.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.session.FindByIndexNameSessionRepository;

import com.globalremit.redis.autoconfigure.connection.RemitRedisConnectionAutoConfiguration;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.session.RedisSession;
import com.globalremit.redis.session.RedisSessionStore;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;

/**
 * The Spring Session repository over a real Redis, with two application contexts standing for two instances of
 * one service behind a load balancer.
 */
@RemitRedis
class RemitSessionRepositoryRedisTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemitRedisConnectionAutoConfiguration.class,
                    RemitRedisSessionAutoConfiguration.class));

    private WebApplicationContextRunner on(RedisServer server) {
        return runner.withPropertyValues("remit.redis.url=redis://127.0.0.1:" + server.port(),
                "remit.redis.key-prefix=teller",
                "remit.redis.session.encryption.keys.k1=" + RemitRedisSessionAutoConfigurationTest.KEY);
    }

    static SecurityContext login(String user, String... authorities) {
        List<SimpleGrantedAuthority> granted = java.util.Arrays.stream(authorities).map(SimpleGrantedAuthority::new)
                .toList();
        User principal = new User(user, "", granted);
        return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(principal, null, granted));
    }

    @Test
    void twoInstancesShareALoginAndFindItByPrincipal(RedisServer server) {
        on(server).run(first -> on(server).run(second -> {
            RemitSessionRepository one = first.getBean(RemitSessionRepository.class);
            RemitSessionRepository two = second.getBean(RemitSessionRepository.class);
            assertThat(one).isNotSameAs(two);

            RemitSessionRepository.RemitSession session = one.createSession();
            session.setAttribute("cart", "transfer-42");
            one.save(session);
            // Login on instance one: Spring Security changes the id, then stores its context.
            RemitSessionRepository.RemitSession loaded = one.findById(session.getId());
            String anonymousId = loaded.getId();
            String loggedInId = loaded.changeSessionId();
            loaded.setAttribute("SPRING_SECURITY_CONTEXT", login("amara", "ROLE_SENIOR_TELLER", "TRANSFER_APPROVE"));
            one.save(loaded);

            // Instance two sees the login under the new id only.
            assertThat(two.findById(anonymousId)).isNull();
            RemitSessionRepository.RemitSession onTwo = two.findById(loggedInId);
            assertThat(onTwo).isNotNull();
            SecurityContext context = onTwo.getAttribute("SPRING_SECURITY_CONTEXT");
            assertThat(context.getAuthentication().getName()).isEqualTo("amara");
            assertThat((String) onTwo.getAttribute("cart")).isEqualTo("transfer-42");
            Map<String, RemitSessionRepository.RemitSession> byPrincipal = two.findByIndexNameAndIndexValue(
                    FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "amara");
            assertThat(byPrincipal).containsOnlyKeys(loggedInId);

            // The store recorded who it is, with role and permissions from the authorities.
            RedisSession stored = second.getBean(RedisSessionStore.class).peek(loggedInId).orElseThrow();
            assertThat(stored.userId()).isEqualTo("amara");
            assertThat(stored.role()).isEqualTo("senior-teller");
            assertThat(stored.permissions()).containsExactly("TRANSFER_APPROVE");

            // Log out on instance two ends it for instance one as well.
            two.deleteById(loggedInId);
            assertThat(one.findById(loggedInId)).isNull();
            assertThat(one.findByPrincipalName("amara")).isEmpty();
        }));
    }

    @Test
    void aRequestThatChangesNothingWritesNothing(RedisServer server) {
        on(server).run(context -> {
            RemitSessionRepository repository = context.getBean(RemitSessionRepository.class);
            RemitSessionRepository.RemitSession session = repository.createSession();
            session.setAttribute("a", 1);
            repository.save(session);
            RemitRedisClient redis = context.getBean(RemitRedisClient.class);
            String key = context.getBean(RedisSessionStore.class).sessionKey(session.getId());
            // One round trip (EVALSHA); everything else ran inside the read-and-touch script.
            assertThat(commandsOfOneRequest(repository, redis, session.getId(), null)).containsOnly(
                    entry("evalsha", 1L), entry("hgetall", 1L), entry("time", 1L), entry("hset", 1L),
                    entry("pexpire", 1L));
            // A request that sets an attribute: save adds one round trip, writing that attribute only.
            assertThat(commandsOfOneRequest(repository, redis, session.getId(), "b")).containsOnly(
                    entry("evalsha", 2L), entry("hgetall", 1L), entry("hmget", 1L), entry("time", 2L),
                    entry("hset", 2L), entry("pexpire", 1L));
            byte[] unchanged = redis.sync().hget(key, "a:a");
            commandsOfOneRequest(repository, redis, session.getId(), "c");
            assertThat(redis.sync().hget(key, "a:a")).isEqualTo(unchanged);
            assertThat(redis.sync().exists(key)).isOne();
        });
    }

    /** The Redis commands (by name, with calls) one request ran: read, touch, set {@code attribute} unless null. */
    private static Map<String, Long> commandsOfOneRequest(RemitSessionRepository repository, RemitRedisClient redis,
            String id, String attribute) {
        Map<String, Long> before = commandStats(redis);
        RemitSessionRepository.RemitSession read = repository.findById(id);
        read.setLastAccessedTime(java.time.Instant.now());
        if (attribute != null) {
            read.setAttribute(attribute, 2);
        }
        repository.save(read);
        Map<String, Long> delta = commandStats(redis);
        delta.replaceAll((command, calls) -> calls - before.getOrDefault(command, 0L));
        delta.values().removeIf(calls -> calls == 0);
        delta.remove("info");
        return delta;
    }

    @Test
    void concurrentRequestsKeepEachOthersAttributes(RedisServer server) {
        on(server).run(context -> {
            RemitSessionRepository repository = context.getBean(RemitSessionRepository.class);
            RemitSessionRepository.RemitSession session = repository.createSession();
            repository.save(session);
            // Two requests read the same session, each changes a different attribute, both save.
            RemitSessionRepository.RemitSession a = repository.findById(session.getId());
            RemitSessionRepository.RemitSession b = repository.findById(session.getId());
            a.setAttribute("fromA", "1");
            b.setAttribute("fromB", "2");
            repository.save(a);
            repository.save(b);
            RemitSessionRepository.RemitSession read = repository.findById(session.getId());
            assertThat(read.getAttributeNames()).contains("fromA", "fromB");
        });
    }

    @Test
    void rememberMeLoginGetsTheRememberMePolicy(RedisServer server) {
        on(server).withPropertyValues("remit.redis.session.remember-me-timeout=7d").run(context -> {
            RemitSessionRepository repository = context.getBean(RemitSessionRepository.class);
            RemitSessionRepository.RemitSession session = repository.createSession();
            repository.save(session);
            RemitSessionRepository.RemitSession loaded = repository.findById(session.getId());
            loaded.setAttribute(RemitSessionRepository.REMEMBER_ME_ATTRIBUTE, true);
            loaded.setMaxInactiveInterval(Duration.ofDays(30)); // what Spring Session's remember-me also does
            repository.save(loaded);
            RemitSessionRepository.RemitSession read = repository.findById(session.getId());
            assertThat(read.isRememberMe()).isTrue();
            assertThat(read.getMaxInactiveInterval()).isEqualTo(Duration.ofDays(7));
            RedisSession stored = context.getBean(RedisSessionStore.class).peek(session.getId()).orElseThrow();
            assertThat(Duration.between(stored.createdAt(), stored.absoluteExpiresAt()))
                    .isBetween(Duration.ofDays(7), Duration.ofDays(7).plusMinutes(1));
        });
    }

    @Test
    void theSecurityContextIsNotReadableInRedis(RedisServer server) {
        on(server).run(context -> {
            RemitSessionRepository repository = context.getBean(RemitSessionRepository.class);
            RemitSessionRepository.RemitSession session = repository.createSession();
            session.setAttribute("SPRING_SECURITY_CONTEXT", login("zanele", "ROLE_MANAGER", "LIMIT_OVERRIDE"));
            repository.save(session);
            RemitRedisClient redis = context.getBean(RemitRedisClient.class);
            StringBuilder raw = new StringBuilder();
            redis.sync().hgetall(context.getBean(RedisSessionStore.class).sessionKey(session.getId()))
                    .forEach((k, v) -> raw.append(k).append(new String(v, StandardCharsets.ISO_8859_1)));
            assertThat(raw.toString()).doesNotContain("LIMIT_OVERRIDE").doesNotContain("UsernamePassword")
                    .contains("zanele"); // the user id is not a sensitive field by default
        });
    }

    /** A class no application stores: reading it back sets a flag, as a gadget's readObject would run code. */
    static final class Planted implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean deserialized;

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            deserialized = true;
        }
    }

    /** Stores {@code value} as the store keeps an unencrypted attribute: 0x00 then the Java serialization. */
    private static void plant(RemitRedisClient redis, String key, String attribute, Object value) {
        byte[] serialized = new org.springframework.core.serializer.support.SerializingConverter().convert(value);
        byte[] stored = new byte[serialized.length + 1];
        System.arraycopy(serialized, 0, stored, 1, serialized.length);
        redis.sync().hset(key, "a:" + attribute, stored);
    }

    @Test
    void aPlantedValueOfAClassOffTheAllowListIsNeverDeserialized(RedisServer server) {
        on(server).withPropertyValues("remit.redis.session.encryption.encrypt-attributes=false").run(context -> {
            RemitSessionRepository repository = context.getBean(RemitSessionRepository.class);
            RemitSessionRepository.RemitSession session = repository.createSession();
            session.setAttribute("SPRING_SECURITY_CONTEXT", login("bongani", "ROLE_TELLER", "TRANSFER_CREATE"));
            session.setAttribute("cart", new java.util.ArrayList<>(List.of("transfer-7", 42L)));
            repository.save(session);
            // Someone who can write to Redis (but the attributes are not encrypted) plants a value.
            String key = context.getBean(RedisSessionStore.class).sessionKey(session.getId());
            plant(context.getBean(RemitRedisClient.class), key, "planted", new Planted());
            Planted.deserialized = false;

            RemitSessionRepository.RemitSession read = repository.findById(session.getId());
            assertThat((Object) read.getAttribute("planted")).isNull();
            assertThat(Planted.deserialized).isFalse();
            assertThat(read.getAttributeNames()).doesNotContain("planted");
            // What the application does store still reads back.
            SecurityContext security = read.getAttribute("SPRING_SECURITY_CONTEXT");
            assertThat(security.getAuthentication().getName()).isEqualTo("bongani");
            assertThat(security.getAuthentication().getAuthorities()).extracting(Object::toString)
                    .containsExactlyInAnyOrder("ROLE_TELLER", "TRANSFER_CREATE");
            assertThat((List<Object>) read.getAttribute("cart")).containsExactly("transfer-7", 42L);
        });
    }

    @Test
    void allowedPackagesLetTheApplicationsOwnClassesBeRead(RedisServer server) {
        on(server).withPropertyValues("remit.redis.session.encryption.encrypt-attributes=false",
                "remit.redis.session.deserialization.allowed-packages=com.globalremit.redis.autoconfigure.session")
                .run(context -> {
                    RemitSessionRepository repository = context.getBean(RemitSessionRepository.class);
                    RemitSessionRepository.RemitSession session = repository.createSession();
                    session.setAttribute("mine", new Planted());
                    repository.save(session);
                    Planted.deserialized = false;
                    assertThat((Object) repository.findById(session.getId()).getAttribute("mine"))
                            .isInstanceOf(Planted.class);
                    assertThat(Planted.deserialized).isTrue();
                });
    }

    private static Map<String, Long> commandStats(RemitRedisClient redis) {
        Map<String, Long> calls = new java.util.HashMap<>();
        for (String line : redis.syncStrings().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String command = line.substring("cmdstat_".length(), line.indexOf(':'));
                String stats = line.substring(line.indexOf(':') + 1);
                for (String part : stats.split(",")) {
                    if (part.startsWith("calls=")) {
                        calls.put(command, Long.parseLong(part.substring(6)));
                    }
                }
            }
        }
        return calls;
    }

}
