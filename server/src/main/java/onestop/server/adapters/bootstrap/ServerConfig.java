package onestop.server.adapters.bootstrap;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/** {@code onestop.*} settings of the server, read once at start. */
@ConfigurationProperties("onestop")
public interface ServerConfig {
    /** Folder for the SQLite file, the token secret and logs. */
    @Bindable(defaultValue = "data")
    String getData();

    /** JDBC URL; empty: SQLite at {@code <data>/onestop.db}. */
    @Bindable(defaultValue = "")
    String getDbUrl();

    @Bindable(defaultValue = "")
    String getDbUser();

    /** The database password (environment ONESTOP_DB_PASSWORD); never from the command line, where every local user sees it. */
    @Bindable(defaultValue = "")
    String getDbPassword();

    /** A file whose first line is the database password; wins over {@link #getDbPassword()}. */
    @Bindable(defaultValue = "")
    String getDbPasswordFile();

    @Bindable(defaultValue = "16")
    int getDbPoolSize();

    /** Folder of policy YAML files validated and loaded at start; empty: none. */
    @Bindable(defaultValue = "")
    String getPolicies();

    /** Load the demo hospitals and roster when the store has no hospital yet. */
    @Bindable(defaultValue = "false")
    boolean isDemo();

    /** The token secret, hex (64+ characters); empty: read or create {@code <data>/auth.key}. */
    @Bindable(defaultValue = "")
    String getAuthSecret();
}
