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
import onestop.agent.application.Forwarder;
import onestop.agent.application.LocalStore;
import onestop.agent.application.OfflineJournal;
import onestop.agent.application.OfflineSettlements;
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
    SqliteLocalStore localStore(AgentSettings s) { // the LocalStore and the OfflineJournal: one file, one transaction
        return SqliteLocalStore.open(s.dataDir().resolve("agent.db"));
    }

    @Singleton
    OfflineSettlements offline(LocalStore store, OfflineJournal journal, LocalPolicies policies, HospitalInfo hospital,
                               AgentSettings s, Clock clock) {
        return new OfflineSettlements(store, journal, policies, hospital, s.offline(), clock);
    }

    @Singleton
    Forwarder forwarder(CentralServer server, OfflineJournal journal, LocalStore store, OfflineSettlements offline, AgentSettings s,
                        Clock clock) {
        return new Forwarder(server, journal, store, offline, s.offline().maxBackoffMillis(), s.offline().keepForwardedMillis(), clock);
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
    Settlements settlements(CentralServer server, LocalStore store, OfflineSettlements offline, Clock clock) {
        return new Settlements(server, store, offline, clock);
    }

    @Singleton
    onestop.agent.application.Statements statements(Settlements settlements, HospitalInfo hospital, Eligibility eligibility,
                                                    LocalPolicies policies) {
        return new onestop.agent.application.Statements(settlements, hospital, eligibility, policies);
    }

    @Singleton
    Reporter reporter(CentralServer server, AgentSettings s, RosterSyncer syncer, Settlements settlements, HospitalInfo hospital,
                      OfflineJournal journal) {
        return new Reporter(server, s, syncer, settlements, hospital, journal);
    }

    @Singleton
    AgentStatus status(AgentSettings s, CentralServer server, LocalStore store, RosterSyncer syncer, HospitalInfo hospital, LocalPolicies policies,
                       OfflineJournal journal, OfflineSettlements offline) {
        return new AgentStatus(s, server, store, syncer, hospital, policies, journal, offline);
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
