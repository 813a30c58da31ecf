package onestop.agent.testing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import onestop.agent.application.Reporter;
import onestop.agent.application.RosterSyncer;

/**
 * With the {@link EngineServer}, what the agent's background work does first when it starts (it is off in tests): one
 * sync of the roster and policies and one report, so the counter knows its hospital and its roster.
 */
@Singleton
@Requires(property = "onestop.test.server", value = "engine")
final class EngineStartup implements ApplicationEventListener<ServerStartupEvent> {
    private final RosterSyncer syncer;
    private final Reporter reporter;

    EngineStartup(RosterSyncer syncer, Reporter reporter) {
        this.syncer = syncer;
        this.reporter = reporter;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        syncer.syncNow();
        reporter.reportNow();
    }
}
