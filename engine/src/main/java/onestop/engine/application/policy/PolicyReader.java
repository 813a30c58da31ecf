package onestop.engine.application.policy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onestop.engine.domain.Category;
import onestop.engine.domain.Document;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.Scheme;
import onestop.engine.domain.VisitType;
import onestop.engine.domain.money.Rate;
import onestop.engine.domain.policy.Assistance;
import onestop.engine.domain.policy.Bands;
import onestop.engine.domain.policy.BasicParams;
import onestop.engine.domain.policy.CriticalIllness;
import onestop.engine.domain.policy.EligibilityRules;
import onestop.engine.domain.policy.Policy;
import onestop.engine.domain.policy.Segment;
import onestop.engine.domain.policy.SpecialDiseases;
import onestop.engine.domain.policy.SupplementaryTier;
import onestop.engine.domain.policy.Tilt;

/**
 * Reads and validates a policy in the format of {@code shared/policies/*.yaml}, once, loudly: any
 * problem is a {@link PolicyException} naming the file and the field. What it returns is sealed
 * (immutable records). Pure: give it the file's name and text.
 */
public final class PolicyReader {
    private PolicyReader() {}

    /** Parses and validates; {@code source} is the file name used in messages. */
    public static Policy read(String source, String yamlText) {
        Object tree = PolicyYaml.parse(source, yamlText);
        if (tree == null) throw new PolicyException(source, "", "file is empty");
        return read(new Node(source, "", tree));
    }

    private static Policy read(Node root) {
        root.only("id", "name", "region", "year", "basic", "criticalIllness", "supplementary", "assistance",
                "specialDiseases", "eligibility", "alerts");
        Node idNode = root.at("id");
        String id = idNode.text();
        if (!id.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw idNode.error("must be lower-case letters, digits and '-', at most 64, got \"" + id + "\"");
        }
        String name = root.at("name").text();
        Node regionNode = root.at("region");
        String region = regionNode.text();
        if (!region.matches("[0-9]{6}")) throw regionNode.error("must be a 6-digit area code, got \"" + region + "\"");
        int year = root.at("year").integer(1990, 2999);

        Map<Scheme, Map<VisitType, BasicParams>> basic = basic(root.at("basic"));
        Map<Scheme, CriticalIllness> ci = criticalIllness(root.opt("criticalIllness"));
        List<SupplementaryTier> supplementary = supplementary(root.opt("supplementary"));
        Assistance assistance = assistance(root.opt("assistance"));
        SpecialDiseases special = specialDiseases(root.opt("specialDiseases"));
        EligibilityRules eligibility = eligibility(root.at("eligibility"));
        long alert = -1;
        Node alerts = root.opt("alerts");
        if (alerts != null) {
            alerts.only("outOfPocketThreshold");
            Node t = alerts.opt("outOfPocketThreshold");
            if (t != null) alert = t.amountFen();
        }
        return new Policy(id, name, region, year, basic, ci, supplementary, assistance, special, eligibility, alert);
    }

    private static Map<Scheme, Map<VisitType, BasicParams>> basic(Node node) {
        Map<Scheme, Map<VisitType, BasicParams>> r = new EnumMap<>(Scheme.class);
        Map<String, Node> schemes = node.entries();
        if (schemes.isEmpty()) throw node.error("must give at least one scheme");
        for (Map.Entry<String, Node> s : schemes.entrySet()) {
            Scheme scheme = Node.keyOf(s.getValue(), s.getKey(), Scheme.class, "scheme");
            Map<VisitType, BasicParams> byType = new EnumMap<>(VisitType.class);
            Map<String, Node> types = s.getValue().entries();
            if (types.isEmpty()) throw s.getValue().error("must give at least one visit type");
            for (Map.Entry<String, Node> t : types.entrySet()) {
                VisitType type = Node.keyOf(t.getValue(), t.getKey(), VisitType.class, "visit type");
                Node params = t.getValue().only("levels", "annualCap");
                Map<HospitalLevel, BasicParams.Level> levels = new EnumMap<>(HospitalLevel.class);
                Node levelsNode = params.at("levels");
                for (Map.Entry<String, Node> l : levelsNode.entries().entrySet()) {
                    HospitalLevel level = Node.keyOf(l.getValue(), l.getKey(), HospitalLevel.class, "hospital level");
                    Node lv = l.getValue().only("deductible", "rate");
                    levels.put(level, new BasicParams.Level(lv.at("deductible").amountFen(), lv.at("rate").rate()));
                }
                for (HospitalLevel level : HospitalLevel.values()) {
                    if (!levels.containsKey(level)) {
                        throw new PolicyException(levelsNode.source, levelsNode.path + "." + level,
                                "required: every hospital level needs a deductible and rate");
                    }
                }
                byType.put(type, new BasicParams(levels, cap(params)));
            }
            r.put(scheme, byType);
        }
        return r;
    }

    private static Map<Scheme, CriticalIllness> criticalIllness(Node node) {
        Map<Scheme, CriticalIllness> r = new EnumMap<>(Scheme.class);
        if (node == null) return r;
        for (Map.Entry<String, Node> s : node.entries().entrySet()) {
            Scheme scheme = Node.keyOf(s.getValue(), s.getKey(), Scheme.class, "scheme");
            Node ci = s.getValue().only("visitTypes", "threshold", "segments", "annualCap", "tilt");
            Tilt tilt = null;
            Node t = ci.opt("tilt");
            if (t != null) {
                t.only("categories", "thresholdFactor", "rateBonus", "removeCap");
                Node removeCap = t.opt("removeCap");
                tilt = new Tilt(Set.copyOf(t.at("categories").enumList(Category.class, "category", true)),
                        t.at("thresholdFactor").rate(), t.at("rateBonus").rate(),
                        removeCap != null && removeCap.bool());
            }
            r.put(scheme, new CriticalIllness(visitTypes(ci), bands(ci), tilt));
        }
        return r;
    }

    private static List<SupplementaryTier> supplementary(Node node) {
        List<SupplementaryTier> r = new ArrayList<>();
        if (node == null) return r;
        Set<String> ids = new HashSet<>();
        for (Node n : node.list()) {
            n.only("id", "name", "schemes", "categories", "visitTypes", "threshold", "segments", "annualCap");
            Node idNode = n.at("id");
            String id = idNode.text();
            if (!id.matches("[a-z0-9][a-z0-9-]{0,63}")) throw idNode.error("must be lower-case letters, digits and '-', got \"" + id + "\"");
            if (!ids.add(id)) throw idNode.error("duplicate supplementary tier id \"" + id + "\"");
            Node cats = n.opt("categories");
            r.add(new SupplementaryTier(id, n.at("name").text(),
                    Set.copyOf(n.at("schemes").enumList(Scheme.class, "scheme", true)),
                    cats == null ? Set.of() : Set.copyOf(cats.enumList(Category.class, "category", false)),
                    visitTypes(n), bands(n)));
        }
        return r;
    }

    private static Assistance assistance(Node node) {
        if (node == null) return Assistance.none();
        node.only("priority", "categories");
        Node priorityNode = node.at("priority");
        List<Category> priority = priorityNode.enumList(Category.class, "category", false);
        Map<Category, Assistance.AssistanceCategory> categories = new EnumMap<>(Category.class);
        for (Map.Entry<String, Node> c : node.at("categories").entries().entrySet()) {
            Category category = Node.keyOf(c.getValue(), c.getKey(), Category.class, "category");
            Node a = c.getValue().only("visitTypes", "threshold", "segments", "annualCap");
            if (!priority.contains(category)) {
                throw c.getValue().error("category " + category + " is not in assistance.priority, so it could never be chosen");
            }
            categories.put(category, new Assistance.AssistanceCategory(visitTypes(a), bands(a)));
        }
        return new Assistance(priority, categories);
    }

    private static SpecialDiseases specialDiseases(Node node) {
        if (node == null) return null;
        node.only("schemes", "basicRate", "groupOrder", "groups", "diseases");
        Rate basicRate = node.at("basicRate").rate();
        Map<String, SpecialDiseases.Group> groups = new LinkedHashMap<>();
        Set<Category> grouped = new HashSet<>();
        for (Map.Entry<String, Node> g : node.at("groups").entries().entrySet()) {
            Node gn = g.getValue().only("categories", "assistanceRate");
            List<Category> cats = gn.at("categories").enumList(Category.class, "category", true);
            for (Category c : cats) {
                if (!grouped.add(c)) throw gn.at("categories").error("category " + c + " is in more than one group");
            }
            Node rateNode = gn.at("assistanceRate");
            Rate rate = rateNode.rate();
            if (rate.micros() + basicRate.micros() > Rate.ONE_MICROS) {
                throw rateNode.error("basicRate " + basicRate + " + assistanceRate " + rate + " is more than 1");
            }
            groups.put(g.getKey(), new SpecialDiseases.Group(g.getKey(), Set.copyOf(cats), rate));
        }
        Node orderNode = node.at("groupOrder");
        List<SpecialDiseases.Group> order = new ArrayList<>();
        for (Node n : orderNode.list()) {
            SpecialDiseases.Group g = groups.get(n.text());
            if (g == null) throw n.error("unknown group \"" + n.text() + "\"; groups are " + groups.keySet());
            if (order.contains(g)) throw n.error("duplicate group \"" + n.text() + "\"");
            order.add(g);
        }
        if (order.size() != groups.size()) {
            throw orderNode.error("must list every group of specialDiseases.groups " + groups.keySet());
        }
        Map<String, SpecialDiseases.Disease> diseases = new LinkedHashMap<>();
        for (Node d : node.at("diseases").list()) {
            d.only("code", "name", "quota");
            Node codeNode = d.at("code");
            String code = codeNode.text();
            if (!code.matches("[A-Za-z0-9_.-]{1,32}")) throw codeNode.error("must be letters, digits, '.', '_' or '-', got \"" + code + "\"");
            if (diseases.containsKey(code)) throw codeNode.error("duplicate disease code \"" + code + "\"");
            diseases.put(code, new SpecialDiseases.Disease(code, d.at("name").text(), d.at("quota").amountFen()));
        }
        return new SpecialDiseases(Set.copyOf(node.at("schemes").enumList(Scheme.class, "scheme", true)), basicRate, order, diseases);
    }

    private static EligibilityRules eligibility(Node node) {
        node.only("categories", "priority", "scope", "referralCategories", "documents", "agreementRequired");
        Node catNode = node.at("categories");
        List<Category> categories = catNode.enumList(Category.class, "category", false);
        Node prioNode = node.at("priority");
        List<Category> priority = prioNode.enumList(Category.class, "category", false);
        for (Category c : categories) {
            if (!priority.contains(c)) throw prioNode.error("must list " + c + " (it is in eligibility.categories)");
        }
        Node refNode = node.opt("referralCategories");
        List<Category> referral = refNode == null ? List.of() : refNode.enumList(Category.class, "category", false);
        for (Category c : referral) {
            if (!categories.contains(c)) throw refNode.error(c + " is not in eligibility.categories");
        }
        Node agreement = node.opt("agreementRequired");
        return new EligibilityRules(Set.copyOf(categories), priority,
                node.at("scope").enumOf(EligibilityRules.Scope.class, "scope"),
                Set.copyOf(referral),
                Set.copyOf(node.at("documents").enumList(Document.class, "document", true)),
                agreement != null && agreement.bool());
    }

    private static Set<VisitType> visitTypes(Node n) {
        return Set.copyOf(n.at("visitTypes").enumList(VisitType.class, "visit type", true));
    }

    private static long cap(Node n) {
        Node c = n.opt("annualCap");
        return c == null ? Bands.NO_CAP : c.amountFen();
    }

    /** threshold, segments and annualCap: bands must be contiguous, increasing and end open. */
    private static Bands bands(Node n) {
        long threshold = n.at("threshold").amountFen();
        Node segNode = n.at("segments");
        List<Node> items = segNode.list();
        if (items.isEmpty()) throw segNode.error("must have at least one segment");
        List<Segment> segments = new ArrayList<>(items.size());
        long previous = 0;
        for (int i = 0; i < items.size(); i++) {
            Node s = items.get(i).only("upTo", "rate");
            Node upTo = s.opt("upTo");
            boolean last = i == items.size() - 1;
            long bound;
            if (upTo == null) {
                if (!last) throw s.error("only the last segment may leave out upTo");
                bound = Segment.OPEN;
            } else {
                if (last) throw upTo.error("the last segment must have no upTo: every amount above the threshold needs a rate");
                bound = upTo.amountFen();
                if (bound <= previous) {
                    throw upTo.error("must be above the previous segment's bound (" + onestop.engine.domain.money.Money.format(previous) + "): segments must increase");
                }
                previous = bound;
            }
            segments.add(new Segment(bound, s.at("rate").rate()));
        }
        return new Bands(threshold, segments, cap(n));
    }
}
