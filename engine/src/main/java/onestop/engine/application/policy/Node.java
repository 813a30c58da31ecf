package onestop.engine.application.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onestop.engine.domain.money.Money;
import onestop.engine.domain.money.Rate;

/** A value of the YAML tree with its path, so every complaint names the field. All scalars are text. */
final class Node {
    final String source;
    final String path;
    final Object value;

    Node(String source, String path, Object value) {
        this.source = source;
        this.path = path;
        this.value = value;
    }

    PolicyException error(String problem) {
        return new PolicyException(source, path, problem);
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map() {
        if (!(value instanceof Map<?, ?> m)) throw error("must be a mapping of keys to values");
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) throw error("keys must be text, got " + k);
        }
        return (Map<String, Object>) m;
    }

    /** Fails on any key not in {@code allowed}: a misspelt key is a mistake, never ignored. */
    Node only(String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (String k : map().keySet()) {
            if (!ok.contains(k)) {
                throw new PolicyException(source, child(k), "unknown field; expected one of " + Arrays.toString(allowed));
            }
        }
        return this;
    }

    Node at(String key) {
        Map<String, Object> m = map();
        if (!m.containsKey(key) || m.get(key) == null) throw new PolicyException(source, child(key), "required");
        return new Node(source, child(key), m.get(key));
    }

    /** The child, or null when absent. */
    Node opt(String key) {
        Map<String, Object> m = map();
        return m.get(key) == null ? null : new Node(source, child(key), m.get(key));
    }

    /** Entries in file order. */
    Map<String, Node> entries() {
        Map<String, Node> r = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map().entrySet()) {
            r.put(e.getKey(), new Node(source, child(e.getKey()), e.getValue()));
        }
        return r;
    }

    List<Node> list() {
        if (!(value instanceof List<?> l)) throw error("must be a list");
        List<Node> r = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) r.add(new Node(source, path + "[" + i + "]", l.get(i)));
        return r;
    }

    String text() {
        if (!(value instanceof String s)) throw error("must be a single value, not a list or mapping");
        if (s.isBlank()) throw error("must not be empty");
        return s;
    }

    long amountFen() {
        String t = text();
        long fen = Money.parseOrMinusOne(t);
        if (fen < 0) throw error("must be an amount like \"1500.00\" (0 to 1000000000.00), got \"" + t + "\"");
        return fen;
    }

    Rate rate() {
        String t = text();
        return Rate.parse(t).orElseThrow(() -> error("must be a decimal between 0 and 1 (at most 6 decimals), got \"" + t + "\""));
    }

    boolean bool() {
        String t = text();
        if (t.equals("true")) return true;
        if (t.equals("false")) return false;
        throw error("must be true or false, got \"" + t + "\"");
    }

    int integer(int min, int max) {
        String t = text();
        if (!t.matches("[0-9]{1,9}")) throw error("must be a whole number, got \"" + t + "\"");
        int v = Integer.parseInt(t);
        if (v < min || v > max) throw error("must be between " + min + " and " + max + ", got " + v);
        return v;
    }

    <E extends Enum<E>> E enumOf(Class<E> type, String what) {
        String t = text();
        for (E e : type.getEnumConstants()) if (e.name().equals(t)) return e;
        throw error("unknown " + what + " \"" + t + "\"; known: " + Arrays.toString(type.getEnumConstants()));
    }

    /** A key of a mapping read as an enum value, with the complaint on that key's path. */
    static <E extends Enum<E>> E keyOf(Node entry, String key, Class<E> type, String what) {
        return new Node(entry.source, entry.path, key).enumOf(type, what);
    }

    /** A list of distinct enum values, in order; {@code nonEmpty} when the list must name at least one. */
    <E extends Enum<E>> List<E> enumList(Class<E> type, String what, boolean nonEmpty) {
        List<Node> items = list();
        if (nonEmpty && items.isEmpty()) throw error("must name at least one " + what);
        Set<E> seen = new LinkedHashSet<>();
        for (Node n : items) {
            E e = n.enumOf(type, what);
            if (!seen.add(e)) throw n.error("duplicate " + what + " " + e);
        }
        return List.copyOf(seen);
    }
}
