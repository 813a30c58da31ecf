package onestop.server.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PagingTest {
    @Test
    void pagesByBudgetCoverEveryItemOnceAndEachPageStaysWithinTheBudget() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) items.add("p" + i + "/" + "x".repeat(10 + (i * 37) % 90));
        long budget = 250;
        List<String> seen = new ArrayList<>();
        Optional<String> after = Optional.empty();
        for (int pages = 0; ; pages++) {
            assertTrue(pages < 40);
            Paging.Page<String> page = Paging.byBudget("page_token", items, s -> s, after, s -> (long) s.length(), budget).value();
            assertFalse(page.items().isEmpty());
            long size = page.items().stream().mapToLong(String::length).sum();
            assertTrue(page.items().size() == 1 || size <= budget, "page of " + size);
            seen.addAll(page.items());
            if (page.nextPageToken().isEmpty()) break;
            after = Optional.of(Paging.key("page_token", page.nextPageToken(), 1).value()[0]);
        }
        assertEquals(items, seen);
    }

    @Test
    void anItemOverTheBudgetStillGoesAloneAndABadTokenIsRefused() {
        Paging.Page<String> page = Paging.byBudget("page_token", List.of("a".repeat(500), "b"), s -> s.substring(0, 1), Optional.empty(),
                s -> (long) s.length(), 100).value();
        assertEquals(1, page.items().size());
        assertEquals("b", Paging.byBudget("page_token", List.of("a".repeat(500), "b"), s -> s.substring(0, 1),
                Optional.of(Paging.key("t", page.nextPageToken(), 1).value()[0]), s -> (long) s.length(), 100).value().items().get(0));
        assertEquals("page_token", Paging.byBudget("page_token", List.of("a"), s -> s, Optional.of("zz"), s -> 1L, 10).rejection().field());
        assertEquals("page_token", Paging.key("page_token", "!!", 1).rejection().field());
        assertEquals("page_token", Paging.key("page_token", Paging.token("a", "b"), 3).rejection().field());
        assertEquals(List.of("a", "b", "c"), List.of(Paging.key("t", Paging.token("a", "b", "c"), 3).value()));
    }

    @Test
    void pagesOfRowsAskedOneMore() {
        assertEquals(new Paging.Page<>(List.of(1, 2), "2"), Paging.of(List.of(1, 2, 3), 2, String::valueOf));
        assertEquals(new Paging.Page<>(List.of(1, 2), ""), Paging.of(List.of(1, 2), 2, String::valueOf));
        assertEquals(500, Paging.size("page_size", 0, 500, 1000).value());
        assertEquals("page_size", Paging.size("page_size", 1001, 500, 1000).rejection().field());
        assertEquals("page_size", Paging.size("page_size", -1, 500, 1000).rejection().field());
    }
}
