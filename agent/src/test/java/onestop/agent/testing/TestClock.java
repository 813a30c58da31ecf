package onestop.agent.testing;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The agent's clock set to {@code onestop.test.clock} (an instant) and ticking on from there: today is the vectors' day. */
@Factory
@Requires(property = "onestop.test.clock")
public class TestClock {
    @Singleton
    @Replaces(Clock.class)
    Clock clock(@Value("${onestop.test.clock}") String start) {
        Clock system = Clock.systemUTC();
        return Clock.offset(system, Duration.between(system.instant(), Instant.parse(start)));
    }
}
