package onestop.server.adapters.persistence;

import java.util.LinkedHashMap;
import java.util.Map;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.TierTotals;

/**
 * Accumulators as one text column, readable in a SQL console and identical on SQLite and
 * PostgreSQL: {@code bi=…;bo=…;cb=…;cp=…;ab=…;ap=…;qa=…;op=…;ad=…;s:<tier>=base/paid;…}, all fen.
 */
final class AccumulatorsCodec {
    private AccumulatorsCodec() {}

    static String encode(Accumulators a) {
        StringBuilder s = new StringBuilder(96)
                .append("bi=").append(a.basicPaidInpatientFen())
                .append(";bo=").append(a.basicPaidOutpatientFen())
                .append(";cb=").append(a.ciBaseFen())
                .append(";cp=").append(a.ciPaidFen())
                .append(";ab=").append(a.assistanceBaseFen())
                .append(";ap=").append(a.assistancePaidFen())
                .append(";qa=").append(a.quotaAssistancePaidFen())
                .append(";op=").append(a.outOfPocketFen())
                .append(";ad=").append(a.admissions());
        for (Map.Entry<String, TierTotals> e : a.supplementary().entrySet()) {
            s.append(";s:").append(e.getKey()).append('=').append(e.getValue().baseFen()).append('/').append(e.getValue().paidFen());
        }
        return s.toString();
    }

    static Accumulators decode(String text) {
        long bi = 0, bo = 0, cb = 0, cp = 0, ab = 0, ap = 0, qa = 0, op = 0;
        int ad = 0;
        Map<String, TierTotals> supplementary = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) throw new StoreException("corrupt accumulators: " + text, null);
            String key = part.substring(0, eq);
            String value = part.substring(eq + 1);
            if (key.startsWith("s:")) {
                int slash = value.indexOf('/');
                supplementary.put(key.substring(2),
                        new TierTotals(Long.parseLong(value.substring(0, slash)), Long.parseLong(value.substring(slash + 1))));
                continue;
            }
            long v = Long.parseLong(value);
            switch (key) {
                case "bi" -> bi = v;
                case "bo" -> bo = v;
                case "cb" -> cb = v;
                case "cp" -> cp = v;
                case "ab" -> ab = v;
                case "ap" -> ap = v;
                case "qa" -> qa = v;
                case "op" -> op = v;
                case "ad" -> ad = Math.toIntExact(v);
                default -> throw new StoreException("corrupt accumulators, unknown key " + key, null);
            }
        }
        return new Accumulators(bi, bo, cb, cp, supplementary, ab, ap, qa, op, ad);
    }

    static String encodePays(Map<String, Long> pays) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Long> e : pays.entrySet()) {
            if (s.length() > 0) s.append(';');
            s.append(e.getKey()).append('=').append(e.getValue());
        }
        return s.toString();
    }

    static Map<String, Long> decodePays(String text) {
        Map<String, Long> r = new LinkedHashMap<>();
        if (text.isEmpty()) return r;
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            r.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
        }
        return r;
    }
}
