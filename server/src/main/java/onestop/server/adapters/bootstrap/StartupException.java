package onestop.server.adapters.bootstrap;

import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.sql.SQLException;
import onestop.server.adapters.logging.MaskIdNumbers;

/**
 * Why the server cannot start, in one line that says what and where ({@code store SQLite data/onestop.db: the disk is
 * full}). Thrown where the context is known; {@link #describe} turns any failure of the start into that one line.
 */
public final class StartupException extends RuntimeException {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }

    public StartupException(String message) {
        super(message);
    }

    /** One line for a failed start: the first StartupException's message in the chain, else the root cause named. */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StartupException || t instanceof onestop.engine.application.policy.PolicyException) {
                return oneLine(t.getMessage());
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return oneLine(root.getClass().getSimpleName() + ": " + root.getMessage());
    }

    static String oneLine(String text) {
        String t = text == null ? "" : text.strip();
        int nl = t.indexOf('\n');
        return MaskIdNumbers.mask(nl < 0 ? t : t.substring(0, nl).strip());
    }

    /** What an I/O failure on a path was, in the operating system's words ("Read-only file system"). */
    public static String reason(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or folder";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The data folder exists (or is made) and a file can be written in it. */
    public static Path writableFolder(String what, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            java.nio.file.Files.createDirectories(abs);
            Path probe = java.nio.file.Files.createTempFile(abs, ".write-check", ".tmp");
            java.nio.file.Files.delete(probe);
            return abs;
        } catch (java.io.IOException e) {
            throw new StartupException(what + " " + abs + " is not writable: " + reason(e), e);
        }
    }

    /** Why a store could not be opened, in words an operator acts on; null when the cause is not a database's. */
    public static String storeReason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.sqlite.SQLiteException s) return sqlite(s);
            if (t instanceof SQLException s && s.getSQLState() != null && s.getClass().getName().startsWith("org.postgresql")) {
                return postgres(s);
            }
        }
        return null;
    }

    private static String sqlite(org.sqlite.SQLiteException e) {
        return switch (e.getResultCode()) {
            case SQLITE_FULL -> "the disk is full";
            case SQLITE_BUSY, SQLITE_LOCKED, SQLITE_BUSY_RECOVERY, SQLITE_BUSY_SNAPSHOT ->
                    "the database file is locked by another process";
            case SQLITE_READONLY, SQLITE_READONLY_DBMOVED, SQLITE_READONLY_RECOVERY, SQLITE_READONLY_ROLLBACK,
                 SQLITE_READONLY_CANTLOCK -> "the database file or its folder is read-only";
            case SQLITE_CANTOPEN -> "the database file cannot be opened (is its folder there and writable?)";
            case SQLITE_NOTADB, SQLITE_CORRUPT -> "the file is not a OneStop database or is damaged";
            case SQLITE_PERM, SQLITE_AUTH -> "permission denied";
            default -> oneLine(e.getMessage());
        };
    }

    private static String postgres(SQLException e) {
        String state = e.getSQLState();
        String first = oneLine(e.getMessage());
        if (state.equals("28P01")) return "wrong password (" + first + ")";
        if (state.startsWith("28")) return "not allowed to connect (" + first + ")";
        if (state.equals("3D000")) return "no such database (" + first + ")";
        if (state.startsWith("08")) return "cannot connect (" + first + ")";
        return first + " [SQLSTATE " + state + "]";
    }
}
