package com.globalremit.redis.key;

/**
 * Validation shared by {@link KeyNaming} and {@link KeyBuilder}: one place decides what a key part may contain.
 */
final class KeyParts {

    /** Longest excerpt of a bad value quoted in a message; a 10 kB id must not become a 10 kB log line. */
    private static final int MAX_QUOTED = 80;

    private KeyParts() {
    }

    /**
     * Refuses null, empty, whitespace, control/invisible characters, unpaired surrogates, braces and the
     * separator.
     */
    static String requireValid(String part, String value, char separator) {
        if (value == null) {
            throw new InvalidKeyException(part, "Key part " + part + " must not be null");
        }
        if (value.isEmpty()) {
            throw new InvalidKeyException(part, "Key part " + part + " must not be empty");
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            String problem = problem(cp, separator);
            if (problem != null) {
                throw new InvalidKeyException(part, "Key part " + part + " " + problem + " at index " + i + ": "
                        + quote(value));
            }
            i += Character.charCount(cp);
        }
        return value;
    }

    private static String problem(int cp, char separator) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return "contains whitespace " + codePoint(cp);
        }
        if (Character.isISOControl(cp)) {
            return "contains control character " + codePoint(cp);
        }
        if (Character.getType(cp) == Character.FORMAT) {
            // Zero-width and bidi characters make two different keys look identical in logs and tools.
            return "contains invisible formatting character " + codePoint(cp);
        }
        if (Character.getType(cp) == Character.SURROGATE) {
            return "contains an unpaired surrogate " + codePoint(cp) + " (not valid UTF-8)";
        }
        if (cp == '{' || cp == '}') {
            return "contains '" + (char) cp + "', which would change the key's cluster hash slot"
                    + " (use hashTag() instead)";
        }
        if (cp == separator) {
            return "contains the separator '" + separator + "', which would make the key ambiguous";
        }
        return null;
    }

    static void requireValidSeparator(char separator) {
        if (Character.isLetterOrDigit(separator) || Character.isWhitespace(separator)
                || Character.isISOControl(separator) || separator > '~' || "{}*?[]\\".indexOf(separator) >= 0) {
            throw new IllegalArgumentException("separator must be printable ASCII punctuation other than {}*?[]\\,"
                    + " but was " + quote(String.valueOf(separator)));
        }
    }

    /** The value in double quotes, non-printable characters escaped, long values cut. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_QUOTED) + 16).append('"');
        int shown = 0;
        for (int i = 0; i < value.length() && shown < MAX_QUOTED; i++, shown++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || Character.isISOControl(c) || Character.isSurrogate(c)
                    || Character.getType(c) == Character.FORMAT || (Character.isSpaceChar(c) && c != ' ')) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (value.length() > MAX_QUOTED) {
            out.append("... (").append(value.length()).append(" chars)");
        }
        return out.toString();
    }

    private static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }
}
