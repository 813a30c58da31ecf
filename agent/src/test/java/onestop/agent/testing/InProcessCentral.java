package onestop.agent.testing;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import onestop.agent.adapters.grpc.GrpcCentralServer;
import onestop.agent.application.AgentSettings;

/** The agent's real gRPC client, deadlines and retries included, talking to {@link FakePersons} in process. */
@Factory
@Requires(property = "onestop.test.server", value = "in-process")
class InProcessCentral {
    @Singleton
    @Replaces(GrpcCentralServer.class)
    @Bean(preDestroy = "close")
    GrpcCentralServer central(AgentSettings s, Clock clock, FakePersons persons) {
        return new GrpcCentralServer(persons.channel(), s.token(), s.callDeadlineMillis(), s.maxAttempts(), clock);
    }
}
