package onestop.agent.adapters.config;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import onestop.agent.application.AgentSettings;
import onestop.agent.application.Forwarder;
import onestop.agent.application.Reporter;
import onestop.agent.application.RosterSyncer;

/**
 * The outage journal is forwarded on a thread of its own, looked at every second.
 *
 * <p>Once the HTTP server is up: a report and a sync at once (the counter works from the local copy meanwhile), then a
 * report every interval and a sync every interval, on one background thread so they never overlap.
 */
@Singleton
@Requires(property = "onestop.agent.background", notEquals = "false")
final class BackgroundWork implements ApplicationEventListener<ServerStartupEvent> {
    private final AgentSettings settings;
    private final Reporter reporter;
    private final RosterSyncer syncer;
    private final Forwarder forwarder;
    /** Its own thread: a long roster sync must not hold back the journal once the server answers again. */
    private final ScheduledExecutorService forwarding = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-forwarder");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-background");
        t.setDaemon(true);
        return t;
    });

    BackgroundWork(AgentSettings settings, Reporter reporter, RosterSyncer syncer, Forwarder forwarder) {
        this.forwarder = forwarder;
        this.settings = settings;
        this.reporter = reporter;
        this.syncer = syncer;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        scheduler.execute(() -> {
            reporter.reportQuietly();
            syncer.syncQuietly();
            reporter.reportQuietly();
        });
        scheduler.scheduleWithFixedDelay(reporter::reportQuietly, settings.reportIntervalMillis(), settings.reportIntervalMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(syncer::syncQuietly, settings.syncIntervalMillis(), settings.syncIntervalMillis(), TimeUnit.MILLISECONDS);
        // every second a look at the journal; a round that did not reach the server sets its own backoff (Forwarder)
        forwarding.scheduleWithFixedDelay(forwarder::forwardQuietly, FORWARD_TICK_MILLIS, FORWARD_TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    static final long FORWARD_TICK_MILLIS = 1_000;

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
        forwarding.shutdownNow();
    }
}
