package onestop.server.adapters.persistence;

/**
 * When the background checkpointer should go again at once, wait, or ask the writer to restart the log: a decision
 * from the last pass's two numbers, kept apart from SQLite so that it can be tested alone.
 *
 * <p>SQLite's log only starts again from its beginning when the writer begins a transaction while every frame in it
 * is already copied into the database file. Beside a writer that commits every millisecond the background pass never
 * ends in such a gap, so the log would grow until the writer's own auto-checkpoint fired — on every commit from then
 * on, each copying what the background pass had not and fsyncing the database file (10-20 ms stalls every few
 * hundred milliseconds, measured). So once the log is long, this plan runs passes back to back until one had almost
 * nothing left to copy, then asks the writer to checkpoint the last few frames itself between two batches: a short
 * stall, once per {@link #restartFrames} frames.
 */
final class CheckpointPlan {
    enum Step {
        /** Sleep until the next pass. */
        WAIT,
        /** Run another pass now: the log is due for a restart, and the last pass still had much to copy. */
        AGAIN,
        /** Ask the writer to checkpoint the remaining frames, so that its next transaction starts the log again. */
        ASK_WRITER
    }

    /** A pass that copied this many frames or fewer leaves the writer little to copy itself. */
    static final int SMALL_PASS_FRAMES = 64;
    /** Passes back to back before the writer is asked anyway (a writer faster than the copy never lets one be small). */
    static final int MAX_PASSES_AGAIN = 8;
    private final int restartFrames;
    private int lastBackfilled;
    private int passesAgain;
    /** The log's length when the writer was last asked; -1 when it may be asked. */
    private int askedAtFrames = -1;

    CheckpointPlan(int restartFrames) {
        if (restartFrames <= SMALL_PASS_FRAMES) throw new IllegalArgumentException("restartFrames must exceed " + SMALL_PASS_FRAMES);
        this.restartFrames = restartFrames;
    }

    /**
     * The step after a pass that saw {@code logFrames} frames in the log and left {@code backfilledFrames} of them
     * copied (SQLite's {@code wal_checkpoint} answer; -1 and -1 when the pass could not run).
     */
    Step after(int logFrames, int backfilledFrames) {
        if (logFrames < 0 || backfilledFrames < 0) return Step.WAIT;
        // a log that started again counts from zero: what this pass copied is all it copied
        int copied = backfilledFrames >= lastBackfilled ? backfilledFrames - lastBackfilled : backfilledFrames;
        lastBackfilled = backfilledFrames;
        if (askedAtFrames >= 0) {
            // Asked before: wait until the log is seen shorter than then (it started again), or longer by a whole
            // restart's worth (it did not, or it did and grew back between two passes): either way, ask again when due.
            if (logFrames >= askedAtFrames && logFrames < askedAtFrames + restartFrames) return Step.WAIT;
            askedAtFrames = -1;
        }
        if (logFrames < restartFrames) {
            passesAgain = 0;
            return Step.WAIT;
        }
        // A pass that could not copy all (the writer's open transaction, or a reader, held the last frames) counts the
        // same: asking the writer is harmless if it cannot finish either (asked again after a restart's worth).
        if (copied > SMALL_PASS_FRAMES && passesAgain < MAX_PASSES_AGAIN) {
            passesAgain++;
            return Step.AGAIN;
        }
        passesAgain = 0;
        askedAtFrames = logFrames;
        return Step.ASK_WRITER;
    }
}
