package onestop.agent.adapters.web;

import java.util.Map;
import java.util.Set;
import onestop.agent.adapters.http.RequestFields;

/**
 * A submitted form read through the same checks as the HIS's JSON ({@link RequestFields}). Fields carry the API's
 * names, nested ones flat ({@code visit.total}); an empty box is an absent field; a ticked checkbox is true.
 */
final class FormFields extends RequestFields {
    private final Map<String, String> form;

    FormFields(Map<String, String> form) {
        this(form, "");
    }

    private FormFields(Map<String, String> form, String prefix) {
        super(prefix);
        this.form = form;
    }

    @Override
    protected String raw(String field) {
        String v = form.get(prefix + field);
        return v == null || v.isBlank() ? null : v.strip();
    }

    @Override
    public boolean bool(String field) {
        String v = raw(field);
        return v != null && (v.equals("on") || v.equals("true") || v.equals("1"));
    }

    @Override
    public RequestFields object(String field, Set<String> fields) {
        return new FormFields(form, prefix + field + ".");
    }
}
