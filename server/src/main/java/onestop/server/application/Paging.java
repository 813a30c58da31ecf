package onestop.server.application;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.server.domain.SettlementQuery;

/**
 * Pages of a list, so that no answer grows with the data. A page token is opaque to clients: the key of the last item
 * sent, which the next page starts after (so an item added meanwhile is neither skipped nor sent twice).
 */
public final class Paging {
    private Paging() {}

    public record Page<T>(List<T> items, String nextPageToken) {}

    /** The page size a request asks for: 0 means {@code defaultSize}; above {@code max} is refused naming the field. */
    public static Outcome<Integer> size(String field, int requested, int defaultSize, int max) {
        if (requested < 0 || requested > max) return Outcome.rejected(Checks.invalid(field, field + " must be 0 to " + max));
        return Outcome.ok(requested == 0 ? defaultSize : requested);
    }

    /** A token for the parts of a key (none of which may contain the separator). */
    public static String token(String... keyParts) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(String.join("\u001f", keyParts).getBytes(StandardCharsets.UTF_8));
    }

    /** The key parts of a token this server gave (empty token: the first page, an empty array), or a rejection naming the field. */
    public static Outcome<String[]> key(String field, String token, int parts) {
        if (token == null || token.isEmpty()) return Outcome.ok(new String[0]);
        try {
            String[] key = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\u001f", -1);
            if (key.length == parts) return Outcome.ok(key);
        } catch (IllegalArgumentException e) {
            // not base64: falls through to the rejection
        }
        return Outcome.rejected(Checks.invalid(field, field + " is not one this server gave"));
    }

    /** A settlement's place in a list by commit: when it was committed, its hospital, its id. */
    public static String settlementToken(onestop.server.domain.StoredSettlement s) {
        return token(Long.toString(s.settledAtMillis()), s.hospitalCode(), s.settlementId());
    }

    /** The key of a {@link #settlementToken} ({@code first} for an empty token), or a rejection naming the field. */
    public static Outcome<SettlementQuery.Key> settlementKey(String field, String token, SettlementQuery.Key first) {
        Outcome<String[]> key = key(field, token, 3);
        if (!key.isOk()) return Outcome.rejected(key.rejection());
        if (key.value().length == 0) return Outcome.ok(first);
        Rejection bad = Checks.invalid(field, field + " is not one this server gave");
        long millis;
        try {
            millis = Long.parseLong(key.value()[0]);
        } catch (NumberFormatException e) {
            return Outcome.rejected(bad);
        }
        if (millis < 0 || Checks.hospitalCode(field, key.value()[1]) != null || Checks.settlementId(field, key.value()[2]) != null) {
            return Outcome.rejected(bad);
        }
        return Outcome.ok(new SettlementQuery.Key(millis, key.value()[1], key.value()[2]));
    }

    /**
     * The page of {@code rows} (asked for as {@code size + 1}, so that one more row tells whether there is a next page)
     * and the token of its last item.
     */
    public static <T> Page<T> of(List<T> rows, int size, Function<T, String> tokenOf) {
        if (rows.size() <= size) return new Page<>(List.copyOf(rows), "");
        List<T> page = List.copyOf(rows.subList(0, size));
        return new Page<>(page, tokenOf.apply(page.get(size - 1)));
    }

    /** Items after the one whose key is {@code afterKey} (empty: from the start), up to a budget measured by {@code cost}; at least one. */
    public static <T> Outcome<Page<T>> byBudget(String field, List<T> all, Function<T, String> keyOf, Optional<String> afterKey,
                                                 Function<T, Long> cost, long budget) {
        int start = 0;
        if (afterKey.isPresent()) {
            int i = 0;
            while (i < all.size() && !keyOf.apply(all.get(i)).equals(afterKey.get())) i++;
            if (i == all.size()) return Outcome.rejected(Rejection.of(onestop.engine.domain.ResultCode.INVALID_ARGUMENT, field,
                    field + " is not one this server gave"));
            start = i + 1;
        }
        int end = start;
        long spent = 0;
        while (end < all.size() && (end == start || spent + cost.apply(all.get(end)) <= budget)) spent += cost.apply(all.get(end++));
        List<T> page = List.copyOf(all.subList(start, end));
        return Outcome.ok(new Page<>(page, end < all.size() ? token(keyOf.apply(page.get(page.size() - 1))) : ""));
    }
}
