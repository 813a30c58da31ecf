package onestop.agent.adapters.config;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import onestop.agent.adapters.grpc.GrpcCentralServer;
import onestop.agent.adapters.persistence.SqliteLocalStore;
import onestop.agent.application.Admissions;
import onestop.agent.application.AgentSettings;
import onestop.agent.application.AgentStatus;
import onestop.agent.application.CentralServer;
import onestop.agent.application.Eligibility;
import onestop.agent.application.HospitalInfo;
import onestop.agent.application.LocalPolicies;
import onestop.agent.application.LocalStore;
import onestop.agent.application.Reporter;
import onestop.agent.application.RosterSyncer;
import onestop.agent.application.ServerVoucherResolver;
import onestop.agent.application.Settlements;
import onestop.agent.cards.CardReader;
import onestop.agent.cards.CardReaders;
import onestop.agent.cards.QrVoucherReader;
import onestop.agent.cards.VoucherResolver;

/** Wires the agent from its sealed settings: the link to the server, the local store, the card reader, the services. */
@Factory
class AgentBeans {
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Read and checked once, eagerly: a bad setting stops the start before anything else happens. */
    @Context
    AgentSettings settings(Environment env) {
        return SettingsLoader.load(env);
    }

    @Singleton
    @Bean(preDestroy = "close")
    GrpcCentralServer grpcServer(AgentSettings s, Clock clock) {
        return new GrpcCentralServer(GrpcCentralServer.channel(s), s.token(), s.callDeadlineMillis(), s.maxAttempts(), clock);
    }

    @Singleton
    @Bean(preDestroy = "close")
    LocalStore localStore(AgentSettings s) {
        return SqliteLocalStore.open(s.dataDir().resolve("agent.db"));
    }

    @Singleton
    LocalPolicies policies(LocalStore store) {
        return new LocalPolicies(store);
    }

    @Singleton
    HospitalInfo hospital(LocalStore store) {
        return new HospitalInfo(store);
    }

    @Singleton
    RosterSyncer syncer(CentralServer server, LocalStore store, LocalPolicies policies, Clock clock) {
        return new RosterSyncer(server, store, policies, clock);
    }

    @Singleton
    Eligibility eligibility(CentralServer server, LocalStore store, LocalPolicies policies, HospitalInfo hospital) {
        return new Eligibility(server, store, policies, hospital);
    }

    @Singleton
    Admissions admissions(Eligibility eligibility, LocalStore store, Clock clock) {
        return new Admissions(eligibility, store, clock);
    }

    @Singleton
    Settlements settlements(CentralServer server, LocalStore store, Clock clock) {
        return new Settlements(server, store, clock);
    }

    @Singleton
    onestop.agent.application.Statements statements(Settlements settlements, HospitalInfo hospital, Eligibility eligibility,
                                                    LocalPolicies policies) {
        return new onestop.agent.application.Statements(settlements, hospital, eligibility, policies);
    }

    @Singleton
    Reporter reporter(CentralServer server, AgentSettings s, RosterSyncer syncer, Settlements settlements, HospitalInfo hospital) {
        return new Reporter(server, s, syncer, settlements, hospital);
    }

    @Singleton
    AgentStatus status(AgentSettings s, CentralServer server, LocalStore store, RosterSyncer syncer, HospitalInfo hospital, LocalPolicies policies) {
        return new AgentStatus(s, server, store, syncer, hospital, policies);
    }

    /** Made at start from checked settings: no device is touched until the first read. */
    @Context
    @Bean(preDestroy = "close")
    CardReader cardReader(AgentSettings s) {
        return CardReaders.create(s.cardReader());
    }

    @Singleton
    VoucherResolver voucherResolver(CentralServer server) {
        return new ServerVoucherResolver(server);
    }

    @Singleton
    QrVoucherReader vouchers(VoucherResolver resolver) {
        return new QrVoucherReader(resolver);
    }
}
