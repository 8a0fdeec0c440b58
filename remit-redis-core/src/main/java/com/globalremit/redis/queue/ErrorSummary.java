package com.globalremit.redis.queue;

import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * What a failed attempt leaves behind: the summary stored in Redis (a job's {@code lastError} and history, shown by
 * the actuator) and the one logged. Neither may carry payload contents.
 *
 * <ul>
 * <li>A payload-mapping failure (a {@link JacksonException} anywhere in the cause chain): the exception classes and
 * where in the payload it failed (a JSON path; map keys shown as {@code [*]}, line and column), never a message:
 * Jackson quotes the offending value in its messages.</li>
 * <li>Any other failure: stored as class and message (the handler author decides what the message says), logged as
 * class only.</li>
 * </ul>
 */
final class ErrorSummary {

    static final int MAX = 500;

    private ErrorSummary() {
    }

    /** Stored with the attempt: class and message, or for a payload-mapping failure class and location only. */
    static String stored(Throwable error) {
        if (error == null) {
            return "failed";
        }
        JacksonException mapping = mappingFailure(error);
        String s;
        if (mapping != null) {
            s = mapping(error, mapping);
        } else {
            s = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        }
        return bounded(s);
    }

    /** Logged: the class, and for a payload-mapping failure its location; never an exception message. */
    static String logged(Throwable error) {
        if (error == null) {
            return "failed";
        }
        JacksonException mapping = mappingFailure(error);
        return bounded(mapping != null ? mapping(error, mapping) : error.getClass().getSimpleName());
    }

    private static String mapping(Throwable error, JacksonException mapping) {
        String where = "payload mapping failed at " + path(mapping) + position(mapping.getLocation());
        return error == mapping ? mapping.getClass().getSimpleName() + ": " + where
                : error.getClass().getSimpleName() + ": " + where + " (" + mapping.getClass().getSimpleName() + ")";
    }

    private static JacksonException mappingFailure(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 20; depth++) { // bounded: a cause chain may loop
            if (t instanceof JacksonException j) {
                return j;
            }
            t = t.getCause();
        }
        return null;
    }

    /** A JSON path built from the reference chain: property names, array indexes, {@code [*]} for map keys. */
    static String path(JacksonException e) {
        StringBuilder b = new StringBuilder("$");
        for (JacksonException.Reference r : e.getPath()) {
            Object from = r.from();
            boolean map = from instanceof Map<?, ?> || from instanceof Class<?> c && Map.class.isAssignableFrom(c);
            if (r.getPropertyName() != null) {
                b.append(map ? "[*]" : "." + r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            } else {
                b.append("[?]");
            }
        }
        return b.toString();
    }

    private static String position(TokenStreamLocation l) {
        if (l == null || l.getLineNr() < 1) {
            return "";
        }
        return " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }

    private static String bounded(String s) {
        return s.length() > MAX ? s.substring(0, MAX) : s;
    }
}
