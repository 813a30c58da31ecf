package onestop.agent.cards;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a reader's device calls on a worker thread so the caller waits no longer than a limit: neither PC/SC transmit
 * nor a vendor library call can be given a timeout of its own. One device call at a time: a worker stuck in a driver
 * keeps the device, and later reads say so instead of calling into it concurrently.
 */
final class BoundedRead {
    /** A read's device work; it releases the device itself (disconnect, CloseComm) even after the caller gave up. */
    interface Task {
        CardRead run(Duration wait) throws CardException;
    }

    private final String name;
    private final Semaphore device = new Semaphore(1);

    BoundedRead(String name) {
        this.name = name;
    }

    /** The timeout a caller passed, checked: positive and at most {@link CardReader#MAX_WAIT}. */
    static Duration checkTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(CardReader.MAX_WAIT) > 0) {
            throw new IllegalArgumentException("timeout must be positive and at most " + CardReader.MAX_WAIT + ": " + timeout);
        }
        return timeout;
    }

    /** Waits for a card at most {@code timeout} (checked), then allows the device {@code exchangeLimit} to read it. */
    CardRead read(Duration timeout, Duration exchangeLimit, Task task) throws CardException {
        Duration wait = checkTimeout(timeout);
        return run(wait.plus(exchangeLimit), () -> task.run(wait));
    }

    private CardRead run(Duration limit, Callable<CardRead> task) throws CardException {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            if (!device.tryAcquire(limit.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new CardException(CardError.READ_FAILED, name + " is still busy with an earlier read that did not finish");
            }
        } catch (InterruptedException e) {
            throw interrupted();
        }
        FutureTask<CardRead> work = new FutureTask<>(() -> {
            try {
                return task.call();
            } finally {
                device.release();
            }
        });
        Thread worker = new Thread(work, name + "-read");
        worker.setDaemon(true);
        worker.start();
        try {
            return work.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            throw new CardException(CardError.READ_FAILED, name + " did not answer within " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            worker.interrupt();
            throw interrupted();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CardException c) throw c;
            // a driver's unchecked failure must reach the clerk as a code, not a stack trace
            Throwable cause = e.getCause();
            throw new CardException(CardError.READ_FAILED, name + " failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        }
    }

    private static CardException interrupted() {
        Thread.currentThread().interrupt();
        return new CardException(CardError.READ_FAILED, "the read was cancelled");
    }
}
