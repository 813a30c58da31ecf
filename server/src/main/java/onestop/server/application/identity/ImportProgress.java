package onestop.server.application.identity;

/**
 * Hears how far an import is, for a progress bar: at each phase's start and end and every {@link #EVERY_ROWS} data
 * rows in between, never more often. Called on the thread running the import, inside its transaction: it must return
 * at once and must not throw.
 */
@FunctionalInterface
public interface ImportProgress {
    int EVERY_ROWS = 2_000;
    ImportProgress NONE = (phase, rowsRead, rowsTotal) -> { };

    /** The phases in order; an import's answer is its "done". */
    enum Phase {
        /** Counting the file's data rows: {@code rowsTotal} is still 0. */
        READING,
        /** Checking each row against the roster. */
        CHECKING,
        /** Writing the clean rows' identities (every row read). */
        APPLYING,
        DONE
    }

    void progress(Phase phase, int rowsRead, int rowsTotal);
}
