package onestop.agent.adapters.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * SQLite's native library, kept beside the agent's database. Left to itself, sqlite-jdbc copies the library out of its
 * jar into a new temp file on every start and then compares the two byte by byte (a fifth of the agent's start-up on
 * its main thread). The agent copies it once into {@code native/} of its data folder, named by the driver's version, loads
 * it from there and points the driver at it. Anything unusual (no library for this platform in the jar, a folder where
 * native code cannot be loaded, {@code org.sqlite.lib.path} set by the operator): the driver's own way, as before.
 */
final class NativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);
    private static boolean loaded;

    private NativeLibrary() {}

    static synchronized void keepNextTo(Path databaseFile) {
        if (loaded || System.getProperty("org.sqlite.lib.path") != null) return;
        Path dir = databaseFile.toAbsolutePath().getParent().resolve("native");
        try {
            Path kept = copyOnce(dir);
            if (kept == null) return;
            System.load(kept.toString());
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", kept.getFileName().toString());
            loaded = true;
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            LOG.debug("SQLite's native library not kept in {} ({}): the driver extracts its own", dir, e.toString());
        }
    }

    /** The driver's library for this platform copied into {@code dir} unless there already; null when the jar has none. */
    static Path copyOnce(Path dir) throws IOException {
        String name = System.mapLibraryName("sqlitejdbc");
        Path kept = dir.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-" + name);
        if (Files.isRegularFile(kept)) return kept;
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource())) {
            if (in == null) return null;
            Files.createDirectories(dir);
            Path part = Files.createTempFile(dir, "sqlite-jdbc-", ".part");
            try {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, kept, StandardCopyOption.ATOMIC_MOVE); // never a half-written library
            } finally {
                Files.deleteIfExists(part);
            }
        }
        return kept;
    }

    /** Where the driver's jar holds the library for this platform. */
    static String resource() {
        return "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + System.mapLibraryName("sqlitejdbc");
    }
}
