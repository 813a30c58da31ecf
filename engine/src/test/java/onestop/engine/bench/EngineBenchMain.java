package onestop.engine.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./onestop bench engine}: runs {@link EngineBenchmark} (1 fork, warm-up then measurement)
 * and ends with one comparable line: {@code engine: N settlements/s (one thread, ±E)}.
 */
public final class EngineBenchMain {
    private EngineBenchMain() {}

    public static void main(String[] args) throws Exception {
        boolean quick = java.util.Arrays.asList(args).contains("--quick");
        Options options = new OptionsBuilder()
                .include(EngineBenchmark.class.getName())
                .forks(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgsAppend("-Donestop.policies=" + System.getProperty("onestop.policies", "examples/policies"))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        for (RunResult r : results) {
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            System.out.printf("engine: %,.0f settlements/s (one thread, ±%,.0f)%n", score, Double.isNaN(error) ? 0.0 : error);
        }
    }
}
