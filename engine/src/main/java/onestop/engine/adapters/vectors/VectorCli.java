package onestop.engine.adapters.vectors;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./onestop vectors PATH...}: runs vector files or folders, prints each failure with the
 * vector's name, step and differing fields, ends with {@code N passed, M failed}, exits 0 only when
 * all pass.
 */
public final class VectorCli {
    private VectorCli() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out));
    }

    static int run(List<String> args, PrintStream out) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            out.println("usage: onestop vectors PATH...   (vector files or folders of them; policies in ../policies/ beside each folder)");
            return args.isEmpty() ? 2 : 0;
        }
        List<Path> roots = new ArrayList<>();
        for (String a : args) roots.add(Path.of(a));
        List<Path> files;
        try {
            files = VectorFiles.expand(roots);
        } catch (RuntimeException e) {
            out.println("cannot list vector files: " + e.getMessage());
            return 2;
        }
        VectorFiles loader = new VectorFiles();
        int passed = 0;
        int failed = 0;
        for (Path file : files) {
            for (VectorCase c : loader.load(file)) {
                List<String> diffs;
                try {
                    diffs = c.run();
                } catch (RuntimeException e) {
                    // A bug in the engine, not in the vector: say so plainly, keep going.
                    diffs = List.of("engine error: " + e);
                }
                if (diffs.isEmpty()) {
                    passed++;
                } else {
                    failed++;
                    out.println("FAIL " + c.displayName());
                    for (String d : diffs) out.println("     " + d);
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0 && passed > 0 ? 0 : 1;
    }
}
