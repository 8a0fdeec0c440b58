package com.globalremit.redis.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.key.KeyNaming;

import io.lettuce.core.cluster.SlotHash;

class RateLimitTest {

    @Test
    void refusesLimitsAndWindowsOfZeroOrLess() {
        assertThatThrownBy(() -> RateLimit.perMinute(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'limit' must be at least 1, but was 0");
        assertThatThrownBy(() -> RateLimit.of(-5, Duration.ofSeconds(1))).hasMessageContaining("but was -5");
        assertThatThrownBy(() -> RateLimit.of(5, Duration.ZERO)).hasMessageContaining("'window' must be at least 1ms");
        assertThatThrownBy(() -> RateLimit.of(5, Duration.ofSeconds(-1))).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> RateLimit.of(5, Duration.ofNanos(1_500_000))).hasMessageContaining("whole milli");
    }

    @Test
    void keysFollowTheDocumentWithTheCallerAsHashTag() {
        RateLimitKeys keys = new RateLimitKeys(KeyNaming.withPrefix("teller"));
        RateLimit log = RateLimit.perMinute(100);
        RateLimit counter = log.withAlgorithm(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER);
        assertThat(keys.key("user-42", "transfers", log)).isEqualTo("teller:rate_limit:log:{user-42}:transfers:60000");
        assertThat(keys.key("user-42", "transfers", counter))
                .isEqualTo("teller:rate_limit:counter:{user-42}:transfers:60000");
        // IPv6 addresses and braces cannot break the key or move the hash tag.
        assertThat(keys.key("2001:db8::1", "rates", log))
                .isEqualTo("teller:rate_limit:log:{2001%3Adb8%3A%3A1}:rates:60000");
        assertThat(keys.key("a}b{", "x y", log)).isEqualTo("teller:rate_limit:log:{a%7Db%7B}:x%20y:60000");
        assertThat(SlotHash.getSlot(keys.key("u", "a", log)))
                .isEqualTo(SlotHash.getSlot(keys.key("u", "b", counter)))
                .isEqualTo(SlotHash.getSlot(keys.key("u", "a", RateLimit.of(5, Duration.ofHours(1)))));
    }

    @Test
    void limitsOfDifferentWindowsGetKeysOfTheirOwn() {
        RateLimitKeys keys = new RateLimitKeys(KeyNaming.DEFAULT);
        assertThat(keys.key("u", "x", RateLimit.of(100, Duration.ofSeconds(1))))
                .isNotEqualTo(keys.key("u", "x", RateLimit.of(3, Duration.ofHours(1))))
                .isEqualTo("rate_limit:log:{u}:x:1000");
        assertThat(keys.key("u", "x", RateLimit.of(3, Duration.ofMillis(1500)))).isEqualTo("rate_limit:log:{u}:x:1500");
    }

    @Test
    void emptyCallerOrEndpointIsRefused() {
        RateLimitKeys keys = new RateLimitKeys(KeyNaming.DEFAULT);
        assertThatThrownBy(() -> keys.key("", "x", RateLimit.perMinute(1)))
                .hasMessage("Rate limit caller must not be empty");
        assertThatThrownBy(() -> keys.key("c", null, RateLimit.perMinute(1)))
                .hasMessage("Rate limit endpoint must not be null");
    }

    @Test
    void aSweepBetweenLookupAndLockDoesNotLetTheCallerCountInAnOrphanedCounter() {
        long[] now = {1_200_000_000_000L}; // the start of a one-minute window
        LocalRateLimiter local = new LocalRateLimiter(() -> now[0]);
        RateLimit onePerMinute = RateLimit.perMinute(1);
        boolean[] swept = {false};
        local.afterLookup = () -> {
            if (!swept[0]) {
                swept[0] = true;
                // Another caller, 10 s later, runs the sweep while we hold the brand-new counter unlocked.
                now[0] += 10_000_000L;
                local.check("other", onePerMinute, 1);
            }
        };
        assertThat(local.check("k", onePerMinute, 1).allowed()).isTrue();
        assertThat(swept[0]).isTrue();
        // Same window: the first admission must have been counted where the next caller looks.
        assertThat(local.check("k", onePerMinute, 1).allowed()).isFalse();
    }

    @Test
    void localLimiterAppliesTheSameLimitsAndSlides() {
        long[] now = {1_000_000_000_000L};
        LocalRateLimiter local = new LocalRateLimiter(() -> now[0]);
        RateLimit limit = RateLimit.of(10, Duration.ofSeconds(1));
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            if (local.check("k", limit, 1).allowed()) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(10);
        RateLimitDecision denied = local.check("k", limit, 1);
        assertThat(denied.source()).isEqualTo(RateLimitDecision.Source.LOCAL_FALLBACK);
        // The next fixed window starts in 1 s and still weighs this one fully at its start: 1.1 s -> 2 s.
        assertThat(denied.retryAfterSeconds()).isEqualTo(2);
        // Half-way through the next fixed window half of the previous window's count still weighs: 5 fit.
        now[0] += 1_500_000L;
        admitted = 0;
        for (int i = 0; i < 20; i++) {
            if (local.check("k", limit, 1).allowed()) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(5);
        // Two windows of silence: the counter is swept.
        now[0] += 20_000_000L;
        local.check("other", limit, 1);
        assertThat(local.size()).isEqualTo(1);
    }

    @Test
    void percentEncodingKeepsSafeCallersUnchanged() {
        assertThat(RateLimitKeys.encode("teller.jane@branch-7")).isEqualTo("teller.jane@branch-7");
        assertThat(RateLimitKeys.encode("é")).isEqualTo("%C3%A9");
    }

    @Test
    void scriptArgumentsAreWrittenAsAsciiDigits() {
        for (long v : new long[] {0, 7, 10, 99, 100, 60_000, Long.MAX_VALUE}) {
            assertThat(new String(Ascii.digits(v), java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo(Long.toString(v));
        }
        assertThatThrownBy(() -> Ascii.digits(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void logMembersAreUniquePerSequenceAndInstanceAndNeverContainADot() {
        byte[] a = Ascii.memberPrefix(0x0123_4567_89AB_CDEFL);
        byte[] b = Ascii.memberPrefix(0x0123_4567_89AB_CDEEL);
        assertThat(a).hasSize(11).isNotEqualTo(b);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (long seq = 0; seq < 100_000; seq++) {
            seen.add(new String(Ascii.member(a, seq), java.nio.charset.StandardCharsets.US_ASCII));
        }
        seen.add(new String(Ascii.member(a, Long.MAX_VALUE), java.nio.charset.StandardCharsets.US_ASCII));
        seen.add(new String(Ascii.member(b, 1), java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(seen).hasSize(100_002).allSatisfy(m -> assertThat(m).doesNotContain(".").startsWith(
                m.startsWith(new String(a, java.nio.charset.StandardCharsets.US_ASCII))
                        ? new String(a, java.nio.charset.StandardCharsets.US_ASCII)
                        : new String(b, java.nio.charset.StandardCharsets.US_ASCII)));
    }
}
