package onestop.server.adapters.persistence;

import static onestop.server.adapters.persistence.CheckpointPlan.Step.AGAIN;
import static onestop.server.adapters.persistence.CheckpointPlan.Step.ASK_WRITER;
import static onestop.server.adapters.persistence.CheckpointPlan.Step.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The background checkpointer's decisions, from the numbers SQLite answers after each pass. */
class CheckpointPlanTest {
    private final CheckpointPlan plan = new CheckpointPlan(1000);

    @Test
    void aShortLogIsOnlyCopied() {
        assertEquals(WAIT, plan.after(0, 0));
        assertEquals(WAIT, plan.after(400, 400));
        assertEquals(WAIT, plan.after(999, 999));
    }

    @Test
    void aLongLogIsCopiedAgainAtOnceUntilAPassHadLittleLeftThenTheWriterIsAskedOnce() {
        assertEquals(WAIT, plan.after(900, 900));
        assertEquals(AGAIN, plan.after(1300, 1300)); // this pass copied 400
        assertEquals(AGAIN, plan.after(1380, 1380)); // 80
        assertEquals(ASK_WRITER, plan.after(1420, 1420)); // 40: the writer copies what came since
        assertEquals(WAIT, plan.after(1440, 1440)); // the writer has not begun its next batch yet: not asked twice
        assertEquals(WAIT, plan.after(1460, 1460));
    }

    @Test
    void theLogStartingAgainArmsTheNextRequest() {
        plan.after(1100, 1100);
        assertEquals(ASK_WRITER, plan.after(1120, 1120));
        assertEquals(WAIT, plan.after(30, 30)); // started again: what this pass copied is all of it
        assertEquals(WAIT, plan.after(900, 900));
        assertEquals(AGAIN, plan.after(1200, 1200));
        assertEquals(ASK_WRITER, plan.after(1210, 1210));
        assertEquals(WAIT, plan.after(1230, 1230));
    }

    @Test
    void aWriterFasterThanTheCopyIsAskedAfterABoundedNumberOfPassesAgain() {
        plan.after(900, 900);
        int frames = 900;
        for (int i = 0; i < CheckpointPlan.MAX_PASSES_AGAIN; i++) {
            frames += 500;
            assertEquals(AGAIN, plan.after(frames, frames), "pass " + i);
        }
        frames += 500;
        assertEquals(ASK_WRITER, plan.after(frames, frames));
    }

    @Test
    void aPassThatCouldNotCopyTheLastFramesCountsWhatItCopied() {
        plan.after(900, 900);
        assertEquals(AGAIN, plan.after(1500, 1200)); // the writer's open transaction held the last 300
        assertEquals(ASK_WRITER, plan.after(1550, 1250));
    }

    @Test
    void aRequestThatDidNotRestartTheLogIsMadeAgainOnceTheLogGrewByAWholeRestart() {
        plan.after(1100, 1100);
        assertEquals(ASK_WRITER, plan.after(1110, 1110));
        assertEquals(WAIT, plan.after(1500, 1500));
        assertEquals(WAIT, plan.after(2100, 2100));
        assertEquals(ASK_WRITER, plan.after(2110, 2110)); // 1000 past the request: it did not take (or it grew back)
    }

    @Test
    void aRestartSeenBetweenTwoPassesOnlyAsAShorterLogArmsTheNextRequest() {
        plan.after(1100, 1100);
        assertEquals(ASK_WRITER, plan.after(1110, 1110));
        // started again and grew back almost as far between two passes: a new log, long again, copied again at once
        assertEquals(AGAIN, plan.after(1090, 1090));
        assertEquals(ASK_WRITER, plan.after(1120, 1120));
    }

    @Test
    void aPassThatCouldNotRunChangesNothing() {
        plan.after(1100, 1100);
        assertEquals(WAIT, plan.after(-1, -1));
        assertEquals(ASK_WRITER, plan.after(1120, 1120));
    }

    @Test
    void theThresholdMustLeaveRoomForASmallPass() {
        assertThrows(IllegalArgumentException.class, () -> new CheckpointPlan(CheckpointPlan.SMALL_PASS_FRAMES));
    }
}
