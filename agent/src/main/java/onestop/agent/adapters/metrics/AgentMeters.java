package onestop.agent.adapters.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;
import java.time.Clock;
import onestop.agent.application.CentralServer;
import onestop.agent.application.LocalStore;
import onestop.agent.application.RosterSyncer;

/**
 * What an office watching its counters wants from each agent besides call latency (Micronaut's
 * {@code http_server_requests_seconds}, per endpoint): is the server reachable, how stale is the roster, how big is it,
 * and how much waits to be sent. Read at scrape time from what the agent already keeps; nothing here queries the
 * roster table (its size is counted once per sync).
 */
@Singleton
final class AgentMeters implements MeterBinder {
    private final CentralServer server;
    private final RosterSyncer syncer;
    private final LocalStore store;
    private final Clock clock;

    AgentMeters(CentralServer server, RosterSyncer syncer, LocalStore store, Clock clock) {
        this.server = server;
        this.syncer = syncer;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("onestop.agent.server.reachable", server, s -> s.reachable() ? 1 : 0)
                .description("1 when the last call to the central server got through, 0 when it did not").register(registry);
        Gauge.builder("onestop.agent.server.contact.age", this, m -> ageSeconds(m.server.lastContactMillis()))
                .baseUnit("seconds").description("time since the last successful call to the central server (-1: never)").register(registry);
        Gauge.builder("onestop.agent.sync.lag", this, m -> ageSeconds(m.syncer.lastSyncMillis()))
                .baseUnit("seconds").description("time since the last completed roster and policy sync (-1: never)").register(registry);
        Gauge.builder("onestop.agent.roster.persons", syncer, RosterSyncer::rosterSize)
                .description("persons in the local roster copy").register(registry);
        Gauge.builder("onestop.agent.roster.version", syncer, RosterSyncer::rosterVersion)
                .description("the server's roster version applied last").register(registry);
        Gauge.builder("onestop.agent.pending.calls", store, LocalStore::pendingCalls)
                .description("calls stored before sending and not answered yet").register(registry);
    }

    private double ageSeconds(long atMillis) {
        return atMillis <= 0 ? -1 : Math.max(0, clock.millis() - atMillis) / 1000.0;
    }
}
