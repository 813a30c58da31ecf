package onestop.console.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import onestop.v1.ImportIdentitiesRequest;
import onestop.v1.ImportMode;
import onestop.v1.ImportProgress;
import onestop.v1.ImportReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Roster imports run in the background (a 100,000-row file takes a while on the server): the page polls a task's
 * progress and shows its report when done. A task belongs to the session that started it and keeps the decoded file,
 * so that "apply" sends the very text that was validated. Tasks are kept an hour after their last look, and at most
 * {@code MAX_TEXT_CHARS} of files in all.
 */
public final class ImportTasks {
    private static final Logger LOG = LoggerFactory.getLogger(ImportTasks.class);
    static final long MAX_TEXT_CHARS = 200L << 20;

    private final OfficeServer server;
    private final ExecutorService executor;
    private final Cache<String, Task> tasks = Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1))
            .maximumWeight(MAX_TEXT_CHARS).weigher((String k, Task t) -> Math.max(1, t.request.getCsv().length())).build();

    public ImportTasks(OfficeServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** One import run: what was sent, how far it got, its report or the reason it failed. */
    public static final class Task {
        public final String id;
        public final String owner;
        public final ImportIdentitiesRequest request;
        public final String encoding;
        private volatile ImportProgress progress = ImportProgress.getDefaultInstance();
        private volatile ImportReport report;
        private volatile ConsoleException failure;

        Task(String id, String owner, ImportIdentitiesRequest request, String encoding) {
            this.id = id;
            this.owner = owner;
            this.request = request;
            this.encoding = encoding;
        }

        public ImportProgress progress() {
            return progress;
        }

        public Optional<ImportReport> report() {
            return Optional.ofNullable(report);
        }

        public Optional<ConsoleException> failure() {
            return Optional.ofNullable(failure);
        }

        public boolean done() {
            return report != null || failure != null;
        }

        public ImportMode mode() {
            return request.getMode();
        }

        /** 0-100 for the progress bar. */
        public int percent() {
            if (done()) return 100;
            ImportProgress p = progress;
            return p.getRowsTotal() <= 0 ? 0 : (int) Math.min(99, 100L * p.getRowsRead() / p.getRowsTotal());
        }
    }

    /** Starts the import in the background for this session; the task's id names it for the page. */
    public Task start(Session session, ImportIdentitiesRequest request, String encoding) {
        Task t = new Task(Sessions.randomToken(), session.id(), request, encoding);
        tasks.put(t.id, t);
        try {
            executor.execute(() -> run(session.token(), t));
        } catch (RejectedExecutionException e) {
            tasks.invalidate(t.id);
            throw new ConsoleException("RESOURCE_EXHAUSTED", "", "import queue full");
        }
        return t;
    }

    private void run(String token, Task t) {
        try {
            server.importIdentities(token, t.request, p -> {
                t.progress = p;
                if (p.hasReport()) t.report = p.getReport();
            });
            if (t.report == null) t.failure = new ConsoleException(Messages.SERVER_UNREACHABLE, "", "the import stream ended without a report");
        } catch (ConsoleException e) {
            t.failure = e;
        } catch (RuntimeException e) {
            LOG.error("roster import {} failed", t.id, e);
            t.failure = new ConsoleException("INTERNAL", "", e.toString());
        }
    }

    /** The session's task, or empty (another session's task is as good as none). */
    public Optional<Task> find(Session session, String id) {
        Task t = id == null ? null : tasks.getIfPresent(id);
        return t != null && t.owner.equals(session.id()) ? Optional.of(t) : Optional.empty();
    }
}
