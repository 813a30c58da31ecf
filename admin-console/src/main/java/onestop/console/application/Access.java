package onestop.console.application;

import java.util.List;
import java.util.Set;

/**
 * What each role may open and do in the console: the navigation shows only these pages, and a request for anything
 * else is refused (403) before the server is asked. The server checks every call by the token's role all the same;
 * this table only keeps the console from offering what the server would refuse.
 */
public final class Access {
    private Access() {}

    public static final String ADMIN = "ADMIN";
    public static final String AUDITOR = "AUDITOR";
    public static final String CIVIL_AFFAIRS = "CIVIL_AFFAIRS";
    private static final Set<String> ALL = Set.of(ADMIN, AUDITOR, CIVIL_AFFAIRS);

    /** A page of the navigation: where it starts, its label, who may open it. */
    public record Page(String path, String label, Set<String> roles) {
        boolean covers(String p) {
            return path.equals("/") ? p.equals("/") : p.equals(path) || p.startsWith(path + "/") || p.startsWith(path + ".");
        }
    }

    /** In the order of the navigation (the glossary's console words). */
    public static final List<Page> PAGES = List.of(
            new Page("/", "首页", ALL),
            new Page("/policies", "政策管理", Set.of(ADMIN, AUDITOR)),
            new Page("/rosters", "救助对象名单", Set.of(ADMIN, CIVIL_AFFAIRS)),
            new Page("/hospitals", "医疗机构", Set.of(ADMIN)),
            new Page("/settlements", "结算查询", Set.of(ADMIN, AUDITOR)),
            new Page("/clearing", "清算", Set.of(ADMIN, AUDITOR)),
            new Page("/reconciliation", "对账", Set.of(ADMIN, AUDITOR)),
            new Page("/alerts", "高额费用预警", Set.of(ADMIN, CIVIL_AFFAIRS)),
            new Page("/audit", "审计日志", Set.of(ADMIN, AUDITOR)));

    /** Reading pages AUDITOR may post to: a what-if run of bills stores nothing; a search posts a person's ID number. */
    private static final Set<String> READING_POSTS = Set.of("/policies/try", "/settlements/search");

    public static List<Page> pagesFor(String role) {
        return PAGES.stream().filter(p -> p.roles().contains(role)).toList();
    }

    /** The page a path belongs to, or null (an unknown path: the router answers 404). */
    public static Page pageOf(String path) {
        Page best = null;
        for (Page p : PAGES) if (p.covers(path) && (best == null || p.path().length() > best.path().length())) best = p;
        return best;
    }

    /** May {@code role} make this request? Changes (other than logging out) on 政策 and 结算查询 are ADMIN's only. */
    public static boolean allows(String role, String method, String path) {
        if (path.equals("/logout")) return ALL.contains(role);
        Page page = pageOf(path);
        if (page == null) return ALL.contains(role);
        if (!page.roles().contains(role)) return false;
        boolean change = !method.equals("GET") && !method.equals("HEAD");
        if ((page.path().equals("/policies") || page.path().equals("/settlements")) && (change || path.equals("/policies/upload"))) {
            return role.equals(ADMIN) || (change && READING_POSTS.contains(path));
        }
        return true;
    }

    /** Whether a role may do an action the pages offer as a button. */
    public static boolean can(String role, String action) {
        return switch (action) {
            case "upload-policy", "reverse", "reveal", "edit-hospital" -> role.equals(ADMIN);
            case "import" -> role.equals(ADMIN) || role.equals(CIVIL_AFFAIRS);
            default -> false;
        };
    }
}
