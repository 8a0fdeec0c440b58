package com.globalremit.redis.queue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns script replies (byte[] bulk strings, Long integers, nested lists) into jobs. */
final class RedisReplies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RedisReplies() {
    }

    static String string(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return o.toString();
    }

    static long number(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        return Long.parseLong(string(o));
    }

    /** A job from the field/value list of HGETALL, starting at {@code from}. */
    static Job job(List<?> flat, int from) {
        Map<String, String> f = new HashMap<>();
        for (int i = from; i + 1 < flat.size(); i += 2) {
            f.put(string(flat.get(i)), string(flat.get(i + 1)));
        }
        return job(f);
    }

    static Job job(Map<String, String> f) {
        if (f.isEmpty() || f.get("id") == null) {
            return null;
        }
        return new Job(f.get("id"), f.get("type"), f.get("payload"), JobPriority.fromCode(f.get("priority")),
                JobState.fromCode(f.get("state")), intOf(f, "retryCount"), intOf(f, "maxRetries"),
                instant(f.get("createdAt")), instant(f.get("nextRetryAt")), instant(f.get("finishedAt")),
                emptyToNull(f.get("lastError")), longOf(f, "attempts"), intOf(f, "stalls"),
                emptyToNull(f.get("worker")), emptyToNull(f.get("dedupKey")), history(f.get("history")));
    }

    private static List<JobAttempt> history(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        List<JobAttempt> list = new ArrayList<>();
        // Parsed as a tree, never into a class named by the data.
        for (JsonNode n : JSON.readTree(json)) {
            list.add(new JobAttempt(Instant.ofEpochMilli(n.path("at").asLong()), emptyToNull(n.path("worker").asString()),
                    n.path("outcome").asString(), emptyToNull(n.path("error").asString())));
        }
        return list;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static int intOf(Map<String, String> f, String k) {
        String v = f.get(k);
        return v == null ? 0 : Integer.parseInt(v);
    }

    private static long longOf(Map<String, String> f, String k) {
        String v = f.get(k);
        return v == null ? 0 : Long.parseLong(v);
    }

    private static Instant instant(String ms) {
        return ms == null || ms.isEmpty() ? null : Instant.ofEpochMilli((long) Double.parseDouble(ms));
    }
}
