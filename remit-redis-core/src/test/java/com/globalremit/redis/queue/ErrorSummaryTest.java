package com.globalremit.redis.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.codec.ValueCodec;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Pure logic: what a failed attempt stores and logs. No payload data in either. */
class ErrorSummaryTest {

    private static final JsonMapper MAPPER = ValueCodec.defaultMapper();
    private static final String SECRET = "12,50 EUR secret-iban GB29";

    record Transfer(String reference, long cents) {
    }

    record Batch(List<Transfer> transfers) {
    }

    private static Throwable mappingFailure(String json, Class<?> type) {
        return catchThrowable(() -> MAPPER.readValue(json, type));
    }

    @Test
    void aMappingFailureGivesItsClassAndJsonPathNotJacksonsMessage() {
        Throwable e = mappingFailure("{\"reference\":\"r\",\"cents\":\"" + SECRET + "\"}", Transfer.class);
        assertThat(e.getMessage()).contains("secret-iban"); // what the summaries must not repeat

        assertThat(ErrorSummary.stored(e)).isEqualTo(
                "InvalidFormatException: payload mapping failed at $.cents (line 1, column 26)");
        assertThat(ErrorSummary.logged(e)).isEqualTo(ErrorSummary.stored(e));
    }

    @Test
    void arrayIndexesShowAndMapKeysAreHidden() {
        Throwable inList = mappingFailure("{\"transfers\":[{\"cents\":1},{\"cents\":\"" + SECRET + "\"}]}",
                Batch.class);
        assertThat(ErrorSummary.stored(inList)).startsWith("InvalidFormatException: payload mapping failed at"
                + " $.transfers[1].cents");

        Throwable inMap = catchThrowable(() -> MAPPER.readValue("{\"GB29 secret-iban\":\"" + SECRET + "\"}",
                new TypeReference<Map<String, Integer>>() { }));
        assertThat(ErrorSummary.stored(inMap)).startsWith("InvalidFormatException: payload mapping failed at $[*]")
                .doesNotContain("secret-iban");
    }

    @Test
    void aMappingFailureWrappedByTheHandlerIsSummarizedWithoutEitherMessage() {
        Throwable e = new IllegalStateException(mappingFailure("{\"cents\":\"" + SECRET + "\"}", Transfer.class));
        assertThat(e.getMessage()).contains("secret-iban");

        assertThat(ErrorSummary.stored(e)).isEqualTo(
                "IllegalStateException: payload mapping failed at $.cents (line 1, column 10) (InvalidFormatException)");
        assertThat(ErrorSummary.logged(e)).isEqualTo(ErrorSummary.stored(e));
    }

    @Test
    void anyOtherFailureIsStoredWithItsMessageButLoggedByClassOnly() {
        Throwable e = new IllegalArgumentException("transfer r-1 rejected by the bank");
        assertThat(ErrorSummary.stored(e)).isEqualTo("IllegalArgumentException: transfer r-1 rejected by the bank");
        assertThat(ErrorSummary.logged(e)).isEqualTo("IllegalArgumentException");
        assertThat(ErrorSummary.stored(new IllegalStateException())).isEqualTo("IllegalStateException");
        assertThat(ErrorSummary.stored(null)).isEqualTo("failed");
        assertThat(ErrorSummary.stored(new RuntimeException("x".repeat(2000)))).hasSize(ErrorSummary.MAX);
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b); // a cause chain that loops
        assertThat(ErrorSummary.logged(b)).isEqualTo("RuntimeException");
    }
}
