package onestop.server.adapters.bootstrap;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import onestop.engine.application.EligibilityEngine;
import onestop.engine.application.SettlementEngine;
import onestop.server.adapters.grpc.AuthInterceptor;
import onestop.server.adapters.persistence.Database;
import onestop.server.adapters.persistence.JdbcStore;
import onestop.server.application.agents.AgentDirectory;
import onestop.server.application.office.OfficeService;
import onestop.server.application.policy.PolicyTrial;
import onestop.server.application.persons.PersonDirectory;
import onestop.server.application.security.VoucherCodes;
import onestop.server.application.policy.PolicyRegistry;
import onestop.server.application.ports.Store;
import onestop.server.application.reports.Reconciliation;
import onestop.server.application.security.OfficeUsers;
import onestop.server.application.security.TokenService;
import onestop.server.application.settlement.LedgerService;
import onestop.server.application.sync.RosterSync;

/** Wires the application from {@link ServerConfig}: store, policies, services, auth. */
@Factory
class ServerBeans {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    @Bean(preDestroy = "close")
    Database database(ServerConfig config) {
        Path sqliteFile = config.getDbUrl().isBlank() ? dataDir(config).resolve("onestop.db") : null;
        String url = sqliteFile != null ? "jdbc:sqlite:" + sqliteFile : config.getDbUrl();
        String where = sqliteFile != null ? "SQLite " + sqliteFile : "PostgreSQL " + Database.redact(url);
        String password = dbPassword(config);
        try {
            return Database.open(url, config.getDbUser(), password, config.getDbPoolSize());
        } catch (RuntimeException e) {
            String reason = StartupException.storeReason(e);
            throw new StartupException("store " + where + ": " + (reason != null ? reason : StartupException.describe(e)), e);
        }
    }

    static String dbPassword(ServerConfig config) {
        if (config.getDbPasswordFile().isBlank()) return config.getDbPassword();
        Path file = Path.of(config.getDbPasswordFile());
        try {
            return Files.readAllLines(file).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new StartupException("database password file " + file.toAbsolutePath() + " cannot be read: " + StartupException.reason(e), e);
        }
    }

    @Singleton
    Store store(Database db) {
        return new JdbcStore(db);
    }

    @Singleton
    PolicyRegistry policies(Store store, Clock clock, ServerConfig config) {
        PolicyRegistry registry = new PolicyRegistry(store, clock);
        if (!config.getPolicies().isBlank()) registry.loadFolder(Path.of(config.getPolicies()));
        if (config.isDemo()) DemoData.loadIfEmpty(store, clock);
        return registry;
    }

    @Singleton
    LedgerService ledger(Store store, PolicyRegistry policies, Clock clock) {
        return new LedgerService(store, policies, new SettlementEngine(), clock);
    }

    @Singleton
    PersonDirectory persons(Store store, PolicyRegistry policies, ServerConfig config, Clock clock) {
        return new PersonDirectory(store, policies, new EligibilityEngine(), new VoucherCodes(secret(config), clock));
    }

    @Singleton
    AgentDirectory agents(Store store, Clock clock) {
        return new AgentDirectory(store, clock);
    }

    @Singleton
    Reconciliation reconciliation(Store store) {
        return new Reconciliation(store);
    }

    @Singleton
    OfficeService office(Store store, AgentDirectory agents, TokenService tokens, Clock clock) {
        return new OfficeService(store, agents, tokens, clock);
    }

    @Singleton
    PolicyTrial policyTrial(Store store, PolicyRegistry policies) {
        return new PolicyTrial(store, policies, new SettlementEngine());
    }

    @Singleton
    RosterSync rosterSync(Store store, Clock clock) {
        return new RosterSync(store, clock);
    }

    @Singleton
    onestop.server.application.admin.AdminService admin(Store store, PolicyRegistry policies, Clock clock) {
        return new onestop.server.application.admin.AdminService(store, policies, clock);
    }

    @Singleton
    TokenService tokens(ServerConfig config, Clock clock) {
        return new TokenService(secret(config), clock);
    }

    @Singleton
    OfficeUsers officeUsers(Store store, TokenService tokens, Clock clock, ServerConfig config) {
        OfficeUsers users = new OfficeUsers(store, tokens, clock);
        if (config.isDemo()) DemoData.ensureLogins(users);
        return users;
    }

    @Singleton
    AuthInterceptor authInterceptor(TokenService tokens) {
        return new AuthInterceptor(tokens);
    }

    static Path dataDir(ServerConfig config) {
        return StartupException.writableFolder("data folder", Path.of(config.getData()));
    }

    /** The token secret: configured, or kept in {@code <data>/auth.key} (created once, owner-only). */
    static byte[] secret(ServerConfig config) {
        if (!config.getAuthSecret().isBlank()) return HexFormat.of().parseHex(config.getAuthSecret().strip());
        Path file = Path.of(config.getData()).toAbsolutePath().resolve("auth.key");
        try {
            if (!Files.exists(file)) {
                dataDir(config);
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path tmp = Files.createTempFile(file.getParent(), "auth", ".tmp");
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                Files.writeString(tmp, HexFormat.of().formatHex(key));
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return HexFormat.of().parseHex(Files.readString(file).strip());
        } catch (IOException e) {
            throw new StartupException("token secret " + file + " cannot be read or made: " + StartupException.reason(e), e);
        } catch (IllegalArgumentException e) {
            throw new StartupException("token secret " + file + " is not a hex key (64 hex characters); remove it to make a new one", e);
        }
    }
}
