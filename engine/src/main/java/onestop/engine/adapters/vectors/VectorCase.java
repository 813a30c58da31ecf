package onestop.engine.adapters.vectors;

import java.util.List;
import java.util.function.Supplier;

/** One vector of a file, ready to run: {@link #run()} gives the differences found, empty when it passes. */
public record VectorCase(String file, String name, Supplier<List<String>> check) {
    public List<String> run() {
        return check.get();
    }

    public String displayName() {
        return file + " › " + name;
    }
}
