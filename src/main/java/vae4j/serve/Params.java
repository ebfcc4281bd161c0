package vae4j.serve;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A request's query parameters, each read with its own checks; every problem is an HTTP 400 naming the parameter. */
final class Params {
    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code a=1&b=2} (raw, percent-encoded); a repeated name or bad encoding is refused. */
    static Params parse(String rawQuery) {
        Map<String, String> m = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String part : rawQuery.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String k = decode(eq < 0 ? part : part.substring(0, eq));
                String v = eq < 0 ? "" : decode(part.substring(eq + 1));
                if (m.put(k, v) != null) {
                    throw ApiException.badRequest("parameter '" + ExplorerServer.clip(k) + "' given twice");
                }
            }
        }
        return new Params(m);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed percent-encoding in the query string");
        }
    }

    /** Refuses parameters other than {@code allowed}. */
    void only(String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (String k : values.keySet()) {
            if (!ok.contains(k)) {
                throw ApiException.badRequest("unknown parameter '" + ExplorerServer.clip(k) + "'"
                        + (allowed.length == 0 ? " (this path takes none)" : " (expected "
                        + String.join(", ", Arrays.asList(allowed)) + ")"));
            }
        }
    }

    private String required(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw ApiException.badRequest("missing parameter '" + name + "'");
        }
        return v.trim();
    }

    /** An integer in [min, max], or {@code dflt} when absent. */
    int integer(String name, int min, int max, int dflt) {
        if (!values.containsKey(name)) {
            return dflt;
        }
        String v = required(name);
        long x;
        try {
            x = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer, got '" + ExplorerServer.clip(v) + "'");
        }
        if (x < min || x > max) {
            throw ApiException.badRequest(name + " must be in " + min + ".." + max + ", got " + ExplorerServer.clip(v));
        }
        return (int) x;
    }

    /**
     * A class label, or null when absent; its range is checked by the explorer, which knows the model's classes.
     */
    Integer label(String name) {
        if (!values.containsKey(name)) {
            return null;
        }
        String v = required(name);
        if (v.length() > 9 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiException.badRequest(name + " must be a class number (0, 1, ...), got '"
                    + ExplorerServer.clip(v) + "'");
        }
        return Integer.valueOf(v);
    }

    long longValue(String name, long dflt) {
        if (!values.containsKey(name)) {
            return dflt;
        }
        String v = required(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer, got '" + ExplorerServer.clip(v) + "'");
        }
    }

    /** An example index (required); out of range is checked by the explorer (404). */
    int index(String name) {
        return indexValue(name, required(name));
    }

    static int indexValue(String what, String v) {
        if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiException.badRequest(what + " must be a non-negative integer, got '" + ExplorerServer.clip(v)
                    + "'");
        }
        long x = Long.parseLong(v);
        if (x > Integer.MAX_VALUE) {
            throw ApiException.notFound("no example " + v);
        }
        return (int) x;
    }

    /** A finite number (required). */
    double number(String name) {
        String v = required(name);
        double x;
        try {
            x = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number, got '" + ExplorerServer.clip(v) + "'");
        }
        if (!Double.isFinite(x)) {
            throw ApiException.badRequest(name + " must be a finite number, got '" + ExplorerServer.clip(v) + "'");
        }
        return x;
    }

    /** Comma-separated numbers (required); at most {@code max} of them are parsed (more: refused). */
    float[] floats(String name, int expected) {
        String[] parts = required(name).split(",", -1);
        if (parts.length != expected) {
            throw ApiException.badRequest(name + " needs " + expected + " comma-separated coordinates, got "
                    + parts.length);
        }
        float[] f = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            try {
                f[i] = Float.parseFloat(p);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(name + "[" + i + "] is not a number: '" + ExplorerServer.clip(p) + "'");
            }
            if (!Float.isFinite(f[i])) {
                throw ApiException.badRequest(name + "[" + i + "] is not a finite number: '" + ExplorerServer.clip(p)
                        + "'");
            }
        }
        return f;
    }

    /** {@code linear} (default) or {@code slerp}. */
    Explorer.Mode mode(String name) {
        String v = values.getOrDefault(name, "linear").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "linear" -> Explorer.Mode.LINEAR;
            case "slerp" -> Explorer.Mode.SLERP;
            default -> throw ApiException.badRequest(name + " must be linear or slerp, got '" + ExplorerServer.clip(v)
                    + "'");
        };
    }
}
