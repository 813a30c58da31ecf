package onestop.server.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * What every {@code ./onestop bench} of real processes does around its phases: options checked (exit 2 with the usage),
 * a time limit past which everything is stopped (exit 1), the child processes stopped and the temp folder deleted however
 * it ends (normal end, failure, Ctrl-C), and a failure told in a few lines rather than a stack trace.
 */
final class BenchMain {
    /** One bench: its options, its limit, its phases, and what it leaves to clean up. */
    interface Bench {
        /** Reads the options; IllegalArgumentException for a bad one. */
        void parse(String[] args);

        int timeLimitSeconds();

        /** The phases; the exit status (0, or 1 when any call failed). */
        int run() throws Exception;

        /** Stops the child processes and deletes the temp folder; called once or more, from any thread. */
        void cleanUp();
    }

    private BenchMain() {}

    /** Runs {@code bench} as the program {@code name} ("bench agent") and exits with its status. */
    static void main(String name, String usage, Bench bench, String[] args) {
        // logback's own status lines (config warnings) would bury the report; the bench's log is WARN and up anyway
        if (System.getProperty("logback.statusListenerClass") == null) {
            System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
        }
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(usage);
                System.exit(0);
            }
        }
        try {
            bench.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(name + ": " + e.getMessage());
            System.err.println(usage);
            System.exit(2);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(bench::cleanUp, "bench-cleanup"));
        startWatchdog(name, bench);
        int status;
        try {
            status = bench.run();
        } catch (Exception | Error e) {
            System.err.println(name + ": failed: " + e);
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) System.err.println("  caused by: " + t);
            status = 1;
        } finally {
            bench.cleanUp();
        }
        System.exit(status);
    }

    /** Past the time limit: stop the processes, delete the folder, end the JVM whatever the phases are doing. */
    private static void startWatchdog(String name, Bench bench) {
        int limit = bench.timeLimitSeconds();
        Thread w = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(limit));
            } catch (InterruptedException e) {
                return;
            }
            System.err.println(name + ": time limit of " + limit + " s exceeded; stopping");
            bench.cleanUp();
            Runtime.getRuntime().halt(1);
        }, "bench-watchdog");
        w.setDaemon(true);
        w.start();
    }

    /** A whole number option within its range; IllegalArgumentException naming it otherwise. */
    static int range(String option, String text, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got " + text);
        }
        if (v < min || v > max) throw new IllegalArgumentException(option + " must be " + min + " to " + max + ", got " + v);
        return v;
    }

    /** The folder with {@code examples/policies} and {@code pom.xml}: {@code -Donestop.root}, or the working folder or above. */
    static Path projectRoot() {
        String given = System.getProperty("onestop.root");
        if (given != null && !given.isBlank()) return Path.of(given).toAbsolutePath();
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/policies")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("no examples/policies above the working folder; run from the project or give -Donestop.root=DIR");
    }

    /** Deletes a folder and everything in it; a message on stderr (not an exception) when something stays. */
    static void deleteQuietly(String name, Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) throw e;
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println(name + ": could not delete " + dir + ": " + e.getMessage());
        }
    }
}
