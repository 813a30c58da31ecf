package onestop.console.adapters.config;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import onestop.console.adapters.grpc.GrpcOfficeServer;
import onestop.console.application.ConsoleSettings;
import onestop.console.application.ImportTasks;
import onestop.console.application.OfficeServer;
import onestop.console.application.Policies;
import onestop.console.application.Reports;
import onestop.console.application.Sessions;
import onestop.console.application.TierNames;

/** Wires the console from its sealed settings: the link to the server, the sessions, the background imports. */
@Factory
class ConsoleBeans {
    /** Read and checked once, eagerly: a bad setting stops the start before anything else happens. */
    @Context
    ConsoleSettings settings(Environment env) {
        return SettingsLoader.load(env);
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    @Bean(preDestroy = "close")
    GrpcOfficeServer office(ConsoleSettings s) {
        return new GrpcOfficeServer(GrpcOfficeServer.channel(s), s.callDeadlineMillis(), s.importDeadlineMillis());
    }

    @Singleton
    Sessions sessions(ConsoleSettings s) {
        return new Sessions(s.maxSessions(), Ticker.systemTicker());
    }

    @Singleton
    Policies policies(OfficeServer server) {
        return new Policies(server);
    }

    @Singleton
    TierNames tierNames(OfficeServer server) {
        return new TierNames(server);
    }

    @Singleton
    Reports reports(OfficeServer server) {
        return new Reports(server);
    }

    /** Two imports at a time, eight waiting: each is a stream the server works hard on. */
    @Singleton
    @Named("imports")
    @Bean(preDestroy = "shutdownNow")
    ExecutorService importExecutor() {
        return new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(8), r -> {
            Thread t = new Thread(r, "roster-import");
            t.setDaemon(true);
            return t;
        });
    }

    @Singleton
    ImportTasks imports(OfficeServer server, @Named("imports") ExecutorService executor) {
        return new ImportTasks(server, executor);
    }
}
