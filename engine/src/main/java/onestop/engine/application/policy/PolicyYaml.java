package onestop.engine.application.policy;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML text to a tree of maps, lists and strings. No implicit typing: {@code 0.70} stays the text
 * "0.70" (never a double), {@code true} stays "true"; the reader types every value itself.
 * Duplicate keys are refused. Pure: takes text, does no I/O.
 */
public final class PolicyYaml {
    /** Largest policy text accepted; real ones are a few KiB. */
    public static final int MAX_POLICY_CHARS = 1 << 20;

    private PolicyYaml() {}

    public static Object parse(String source, String text) {
        if (text.length() > MAX_POLICY_CHARS) {
            throw new PolicyException(source, "", "file larger than " + MAX_POLICY_CHARS + " characters");
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(MAX_POLICY_CHARS);
        Resolver textOnly = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
                // none: every plain scalar is text
            }
        };
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(), options, textOnly);
        try {
            return yaml.load(text);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? "" : "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
            String problem = (e.getContext() == null ? "" : e.getContext() + ": ") + (e.getProblem() == null ? "" : e.getProblem());
            throw new PolicyException(source, where, "not valid YAML: " + problem.replace('\n', ' ').strip());
        } catch (YAMLException e) {
            throw new PolicyException(source, "", "not valid YAML: " + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }
}
