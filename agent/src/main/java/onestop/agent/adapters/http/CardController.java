package onestop.agent.adapters.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import onestop.agent.application.AgentSettings;
import onestop.agent.cards.CardError;
import onestop.agent.cards.CardException;
import onestop.agent.cards.CardRead;
import onestop.agent.cards.CardReader;
import onestop.agent.cards.CardReaderConfig;
import onestop.agent.cards.ManualEntry;
import onestop.agent.cards.QrVoucherReader;
import onestop.agent.cards.SimulatedCardReader;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.Document;
import onestop.engine.domain.ResultCode;

/**
 * Who the patient is, for the HIS ({@code /api/v1/card/...}, X-Api-Key like the rest of the API): a card on the
 * configured reader, a typed number, a scanned 医保电子凭证, and for demos and HIS tests a simulated card put in by a
 * call. Every success is {@code {document, document_label, id_number, id_number_masked, name, source}} plus the link
 * fields; every failure {@code {code, field, message}} with a code of {@link ResultCode} (card errors through
 * {@link CardError#resultCode()}) and the message starting with the clerk's Chinese label.
 *
 * <p>Statuses, chosen for what the HIS does next:
 * <ul>
 *   <li>NO_READER 503: no reader of the configured kind (none configured, PC/SC service down, library missing):
 *       something on this PC needs fixing, as with SERVER_UNREACHABLE 503.</li>
 *   <li>NO_CARD 404: no card came within {@code timeout_millis}; show "place the card" and read again. Not 408:
 *       browsers and HTTP client libraries take 408 for the connection timing out and resend the request by
 *       themselves, which would start a second wait nobody asked for.</li>
 *   <li>CARD_REMOVED 409: the card was pulled out mid-read; read again.</li>
 *   <li>READ_FAILED 422: the card answered an error, or the reader did not finish in time.</li>
 *   <li>INVALID_ID_NUMBER 400 (field {@code id_number} when typed, "" when a card's own number failed), INVALID_ARGUMENT
 *       400 naming the field, UNKNOWN_DOCUMENT 400.</li>
 *   <li>VOUCHER_INVALID 400, VOUCHER_EXPIRED 422 (field {@code code}), SERVER_UNREACHABLE 503, and whatever else the
 *       server answers, as on the other endpoints.</li>
 *   <li>NOT_SIMULATED 409: a simulated card put in or taken out while the reader is not the simulated one.</li>
 *   <li>RESOURCE_EXHAUSTED 429: {@value #MAX_WAITING_READS} reads waiting already, or the simulated reader is full.</li>
 * </ul>
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING) // a read waits seconds for a card, a voucher for the server: never on the event loop
public final class CardController {
    static final long DEFAULT_TIMEOUT_MILLIS = 10_000;
    static final long MAX_TIMEOUT_MILLIS = 30_000;
    /** A counter has one reader: more waiting reads than this is a caller in a loop, not a clerk. */
    static final int MAX_WAITING_READS = 4;
    static final Set<String> READ_FIELDS = Set.of("timeout_millis");
    static final Set<String> MANUAL_FIELDS = Set.of("id_number", "name", "document");
    static final Set<String> VOUCHER_FIELDS = Set.of("code");
    static final Set<String> SIMULATED_FIELDS = Set.of("document", "id_number", "name", "error");

    private final Answers answers;
    private final CardReader reader;
    private final QrVoucherReader vouchers;
    private final String kind;
    private final Semaphore reads = new Semaphore(MAX_WAITING_READS);

    CardController(Answers answers, CardReader reader, QrVoucherReader vouchers, AgentSettings settings) {
        this.kind = settings.cardReader().kind();
        this.answers = answers;
        this.reader = reader;
        this.vouchers = vouchers;
    }

    /** Reads waiting for a card now (for tests that must know they all wait). */
    int waitingReads() {
        return MAX_WAITING_READS - reads.availablePermits();
    }

    /** Waits for a card on the configured reader: body optional, {@code {"timeout_millis": 1..30000}} (10000). */
    @Post(uri = "/card/read", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> read(@Nullable @Body String body) {
        long timeout = JsonRequest.parseOptional(body, READ_FIELDS)
                .integer("timeout_millis", 1, MAX_TIMEOUT_MILLIS, DEFAULT_TIMEOUT_MILLIS);
        if (!reads.tryAcquire()) {
            throw new AgentException(ResultCode.RESOURCE_EXHAUSTED, "", MAX_WAITING_READS
                    + " card reads are waiting already; wait for one to finish");
        }
        try {
            return ok(reader.read(Duration.ofMillis(timeout)));
        } catch (CardException e) {
            throw rejected(e, ""); // what the card held, not a field of the request
        } finally {
            reads.release();
        }
    }

    /** A number typed by the clerk: {@code {"id_number", "name"?, "document"?}} (document ID_CARD unless given). */
    @Post(uri = "/card/manual", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> manual(@Body String body) {
        JsonRequest r = JsonRequest.parse(body, MANUAL_FIELDS);
        Document document = r.document("document", Document.ID_CARD);
        if (document == Document.E_VOUCHER) {
            throw AgentException.invalid("document", "an e-voucher is not typed in: send its scanned code to /api/v1/card/voucher");
        }
        String idNumber = r.text("id_number", true, 32);
        String name = r.text("name", false, 256);
        try {
            return ok(ManualEntry.enter(document, idNumber, name));
        } catch (CardException e) {
            throw rejected(e, field(e.code()));
        }
    }

    /** A scanned 医保电子凭证, resolved by the server: {@code {"code"}}. {@code /vouchers} is its earlier name. */
    @Post(uris = {"/card/voucher", "/vouchers"}, consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> voucher(@Body String body) {
        // room for a scanner's Enter and stray spaces; the reader checks the code itself
        String code = JsonRequest.parse(body, VOUCHER_FIELDS).scanned("code", 2 * QrVoucherReader.MAX_LENGTH);
        try {
            return ok(vouchers.resolve(code));
        } catch (CardException e) {
            throw rejected(e, field(e.code()));
        }
    }

    /**
     * Puts a card in the simulated reader; the next read takes it. {@code {"document"?, "id_number", "name"?}}, or
     * {@code {"error": "CARD_REMOVED"}} for a read that fails so.
     */
    @Post(uri = "/card/simulated", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> insert(@Body String body) {
        SimulatedCardReader simulated = simulated();
        JsonRequest r = JsonRequest.parse(body, SIMULATED_FIELDS);
        String error = r.text("error", false, 32);
        Map<String, Object> m = answers.answer();
        boolean inserted;
        if (!error.isEmpty()) {
            CardError code = cardError(error);
            for (String other : new String[] {"document", "id_number", "name"}) {
                if (!r.text(other, false, 256).isEmpty()) {
                    throw AgentException.invalid(other, "a simulated error is a read that fails: it has no " + other);
                }
            }
            inserted = simulated.insertError(code);
            m.put("error", code.name());
            m.put("error_label", code.label());
        } else {
            CardRead card;
            try {
                card = SimulatedCardReader.card(r.document("document", Document.ID_CARD), r.text("id_number", true, 32),
                        r.text("name", false, 256));
            } catch (CardException e) {
                throw rejected(e, field(e.code()));
            }
            inserted = simulated.insert(card);
            m.putAll(Answers.card(card));
        }
        if (!inserted) {
            throw new AgentException(ResultCode.RESOURCE_EXHAUSTED, "", SimulatedCardReader.MAX_WAITING
                    + " simulated cards are waiting already; read them or DELETE /api/v1/card/simulated");
        }
        m.put("waiting", simulated.waiting());
        return HttpResponse.created(m);
    }

    /** Takes every waiting card out of the simulated reader. */
    @Delete(uri = "/card/simulated", produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> clear() {
        int removed = simulated().clear();
        Map<String, Object> m = answers.answer();
        m.put("removed", removed);
        return HttpResponse.ok(m);
    }

    private SimulatedCardReader simulated() {
        if (reader instanceof SimulatedCardReader s) return s;
        throw new AgentException(ResultCode.NOT_SIMULATED, "", "cards are put in by a call only when " + CardReaderConfig.KIND
                + " is simulated; this agent's is " + kind);
    }

    private static CardError cardError(String name) {
        try {
            return CardError.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw AgentException.invalid("error", "error must be one of " + Arrays.toString(CardError.values()));
        }
    }

    private HttpResponse<Map<String, Object>> ok(CardRead read) {
        Map<String, Object> m = answers.answer();
        m.putAll(Answers.card(read));
        return HttpResponse.ok(m);
    }

    /** The request field a card error is about, as the API spells it. */
    private static String field(CardError code) {
        return switch (code) {
            case INVALID_ID_NUMBER -> "id_number";
            case INVALID_NAME -> "name";
            case VOUCHER_INVALID, VOUCHER_EXPIRED -> "code";
            default -> "";
        };
    }

    /** A card failure as the API's rejection: its code from the one list, the clerk's label first in the message. */
    private static AgentException rejected(CardException e, String field) {
        return new AgentException(e.code().resultCode(), field, e.display());
    }
}
