package onestop.agent.cards;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import onestop.engine.domain.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A card reader for demos and tests. Cards are inserted by a method call or come from a file; each is read once, in
 * order; {@link #read} waits for the next one up to its timeout. Thread-safe.
 *
 * <p>The file is a stack of cards, one a line: {@code DOCUMENT,idNumber,name} ({@code ID_CARD,341002195603121237,张秀英};
 * the name may be empty), or {@code ERROR,CODE} for a failing read ({@code ERROR,CARD_REMOVED}); blank lines and
 * {@code #} comments are skipped. It is read at start and checked again while a read waits, so a tester can append a
 * line; a file rewritten other than by appending is a new stack. A line with an invalid ID number is a card that reads
 * as INVALID_ID_NUMBER; a line that is not a card at all is logged by number (never its text) and skipped.
 */
public final class SimulatedCardReader implements CardReader {
    public static final String SOURCE = "simulated";
    static final long FILE_POLL_MILLIS = 100;
    /** A card file is typed by a person: anything larger is a mistake, not a stack of cards. */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** Cards waiting at most: a demo needs a handful; a caller inserting in a loop must not fill the heap. */
    public static final int MAX_WAITING = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCardReader.class);

    /** A card waiting in the reader: what reading it gives. */
    private interface Slot {
        CardRead take() throws CardException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition inserted = lock.newCondition();
    private final Deque<Slot> cards = new ArrayDeque<>();
    private final Path file;
    private final String fileSource;
    // What of the file has been turned into cards: its lines, and the size and time they were read at
    private List<String> fileLines = List.of();
    private long fileSize = -1;
    private long fileModified = -1;
    private boolean fileTooLargeLogged;

    /** Cards only by {@link #insert}. */
    public SimulatedCardReader() {
        this(null);
    }

    /** Cards by {@link #insert} and from {@code file} (which need not exist yet). */
    public SimulatedCardReader(Path file) {
        this.file = file == null ? null : file.toAbsolutePath().normalize();
        this.fileSource = file == null ? SOURCE : SOURCE + ":" + this.file.getFileName();
    }

    /**
     * A card for {@link #insert}, checked now rather than at its read (for a caller that should hear at once what it
     * got wrong): errors name the fields {@code id_number} and {@code name}, as a typed entry's do.
     */
    public static CardRead card(Document document, String idNumber, String name) throws CardException {
        CardRead typed = ManualEntry.enter(document, idNumber, name);
        return new CardRead(typed.document(), typed.idNumber(), typed.name(), SOURCE);
    }

    /** Puts a card in the reader, after those already waiting; false when {@link #MAX_WAITING} are waiting. */
    public boolean insert(CardRead card) {
        Objects.requireNonNull(card, "card");
        return add(() -> card);
    }

    /** A card with this number; an invalid number is a card that reads as INVALID_ID_NUMBER, as a real one would. */
    public boolean insertIdNumber(Document document, String idNumber, String name) {
        Objects.requireNonNull(document, "document");
        return add(() -> new CardRead(document, CardText.idNumber(idNumber, "ID number on the simulated card"),
                CardText.typedName(name, "name on the simulated card"), SOURCE));
    }

    /** A read that fails with {@code error}, to show the counter screen's error paths. */
    public boolean insertError(CardError error) {
        Objects.requireNonNull(error, "error");
        return add(failing(error));
    }

    /** Takes out every card waiting (inserted or from the file, whose lines read so far stay read); how many. */
    public int clear() {
        lock.lock();
        try {
            checkFile();
            int removed = cards.size();
            cards.clear();
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /** How many cards are waiting. */
    public int waiting() {
        lock.lock();
        try {
            checkFile();
            return cards.size();
        } finally {
            lock.unlock();
        }
    }

    private static Slot failing(CardError error) {
        return () -> {
            throw new CardException(error, "simulated " + error.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        };
    }

    private boolean add(Slot slot) {
        lock.lock();
        try {
            if (cards.size() >= MAX_WAITING) return false;
            cards.addLast(slot);
            inserted.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CardRead read(Duration timeout) throws CardException {
        long deadline = System.nanoTime() + BoundedRead.checkTimeout(timeout).toNanos();
        Slot slot;
        lock.lock();
        try {
            while (true) {
                checkFile();
                slot = cards.pollFirst();
                if (slot != null) break;
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new CardException(CardError.NO_CARD, "no simulated card within " + timeout.toMillis() + " ms");
                }
                inserted.awaitNanos(file == null ? left : Math.min(left, TimeUnit.MILLISECONDS.toNanos(FILE_POLL_MILLIS)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardException(CardError.NO_CARD, "the wait for a simulated card was cancelled");
        } finally {
            lock.unlock();
        }
        return slot.take();
    }

    /** Turns new lines of the file into cards; called with the lock held. */
    private void checkFile() {
        if (file == null) return;
        List<String> lines;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            long modified = attributes.lastModifiedTime().toMillis();
            if (attributes.size() == fileSize && modified == fileModified) return;
            if (attributes.size() > MAX_FILE_BYTES) {
                if (!fileTooLargeLogged) LOG.warn("simulated card file {} is over {} bytes; not read", file, MAX_FILE_BYTES);
                fileTooLargeLogged = true;
                return;
            }
            lines = readLines();
            fileSize = attributes.size();
            fileModified = modified;
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.warn("simulated card file {} cannot be read: {}", file, e.getMessage());
            return;
        }
        boolean appended = lines.size() >= fileLines.size() && lines.subList(0, fileLines.size()).equals(fileLines);
        // appended: only the new lines are new cards; rewritten: the whole file is a new stack
        int from = appended ? fileLines.size() : 0;
        int dropped = 0;
        for (int i = from; i < lines.size(); i++) {
            Slot slot = parse(lines.get(i), i + 1);
            if (slot == null) continue;
            if (cards.size() < MAX_WAITING) {
                cards.addLast(slot);
            } else {
                dropped++;
            }
        }
        if (dropped > 0) LOG.warn("simulated card file {}: {} cards dropped, {} are waiting already", file, dropped, MAX_WAITING);
        fileLines = lines;
    }

    private List<String> readLines() throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES); // bounded even if the file grew since its size was taken
        }
        // trailing empty lines dropped: the newline ending the last card must not make appending look like a rewrite
        return new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\r?\\n")));
    }

    private Slot parse(String line, int number) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) return null;
        String[] fields = text.split(",", 3);
        String kind = fields[0].strip().toUpperCase(Locale.ROOT);
        if (kind.equals("ERROR") && fields.length == 2) {
            try {
                return failing(CardError.valueOf(fields[1].strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return skip(number, "unknown error code; one of " + Arrays.toString(CardError.values()));
            }
        }
        if (fields.length < 2) return skip(number, "expected DOCUMENT,idNumber,name or ERROR,CODE");
        Document document;
        try {
            document = Document.valueOf(kind);
        } catch (IllegalArgumentException e) {
            return skip(number, "unknown document; one of " + Arrays.toString(Document.values()));
        }
        String idNumber = fields[1];
        String name = fields.length == 3 ? fields[2] : "";
        return () -> new CardRead(document, CardText.idNumber(idNumber, "ID number on line " + number + " of " + file.getFileName()),
                CardText.typedName(name, "name on line " + number), fileSource);
    }

    private Slot skip(int number, String why) {
        LOG.warn("simulated card file {} line {} skipped: {}", file, number, why);
        return null;
    }

    @Override
    public String toString() {
        return "SimulatedCardReader[" + (file == null ? "inserted cards" : file) + "]";
    }
}
