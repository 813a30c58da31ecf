package onestop.server.application.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import onestop.engine.application.policy.PolicyException;
import onestop.engine.application.policy.PolicyReader;
import onestop.engine.domain.policy.Policy;
import onestop.engine.domain.Outcome;
import onestop.server.application.Hashing;
import onestop.server.application.Paging;
import onestop.server.application.ports.Store;
import onestop.server.application.ports.StoreTx;
import onestop.server.domain.PolicyDocument;

/**
 * The policies in force: stored in the database (so every server instance and every agent sees the
 * same versions), parsed once per version, the active one per region and year cached briefly.
 * A policy folder given at start is validated whole before anything is stored: one bad file stops
 * the start with the file and field named.
 */
public final class PolicyRegistry {
    /** How long an instance may keep using a version after another instance activated a newer one. */
    static final Duration ACTIVE_CACHE_TTL = Duration.ofSeconds(5);
    static final int MAX_POLICY_FILES = 1000;
    /** A policy's versions listed at most (a policy changes a few times a year). */
    public static final int MAX_VERSIONS = 100;

    private final Store store;
    private final Clock clock;
    private final Cache<String, Policy> parsedBySha = Caffeine.newBuilder().maximumSize(1000).build();
    private final Cache<String, Optional<LoadedPolicy>> activeByRegionYear =
            Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ACTIVE_CACHE_TTL).build();

    public PolicyRegistry(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Validates every *.yaml file of {@code dir}, then stores and activates those not stored yet. */
    public List<PolicyDocument> loadFolder(Path dir) {
        List<LoadedPolicy> loaded = validateFolder(dir, clock);
        loaded.forEach(l -> parsedBySha.put(l.document().sha256(), l.policy())); // parsed once, kept
        List<PolicyDocument> docs = loaded.stream().map(LoadedPolicy::document).toList();
        store.write(tx -> {
            for (PolicyDocument d : docs) {
                boolean known = tx.policies(d.region()).stream()
                        .anyMatch(p -> p.policyId().equals(d.policyId()) && p.sha256().equals(d.sha256()));
                if (!known) tx.storePolicy(d);
            }
            return null;
        });
        activeByRegionYear.invalidateAll();
        return docs;
    }

    /**
     * Reads and validates a policy folder without storing anything: a bad file, a folder that is
     * not there, two files for one region and year are a PolicyException naming the file and field.
     */
    public static List<LoadedPolicy> validateFolder(Path dir, Clock clock) {
        if (!Files.isDirectory(dir)) throw new PolicyException(dir.toString(), "", "policy folder does not exist");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted().limit(MAX_POLICY_FILES + 1L).toList();
        } catch (IOException e) {
            throw new PolicyException(dir.toString(), "", "cannot list: " + e.getMessage());
        }
        if (files.size() > MAX_POLICY_FILES) throw new PolicyException(dir.toString(), "", "more than " + MAX_POLICY_FILES + " policy files");
        List<LoadedPolicy> loaded = files.stream().map(f -> validateFile(f, clock)).toList();
        checkOneVersionPerRegionYear(loaded.stream().map(LoadedPolicy::document).toList());
        return loaded;
    }

    private static LoadedPolicy validateFile(Path file, Clock clock) {
        String name = file.getFileName().toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyException(name, "", "cannot read: " + e.getMessage());
        }
        return parse(name, text, clock);
    }

    /** Validates a policy text into the active document of its region and year, with its model. */
    private static LoadedPolicy parse(String fileName, String text, Clock clock) {
        Policy p = PolicyReader.read(fileName, text);
        return new LoadedPolicy(new PolicyDocument(p.id(), Hashing.sha256(text), p.region(), p.year(), fileName, text, true,
                clock.millis()), p);
    }

    private static void checkOneVersionPerRegionYear(List<PolicyDocument> docs) {
        for (int i = 0; i < docs.size(); i++) {
            for (int j = i + 1; j < docs.size(); j++) {
                PolicyDocument a = docs.get(i);
                PolicyDocument b = docs.get(j);
                if (a.region().equals(b.region()) && a.year() == b.year()) {
                    throw new PolicyException(b.fileName(), "region", "region " + b.region() + " year " + b.year()
                            + " is already given by " + a.fileName() + ": one policy per region and year");
                }
            }
        }
    }

    /** Validates a policy text; throws PolicyException naming the file and field. */
    public PolicyDocument validate(String fileName, String text) {
        LoadedPolicy l = draft(fileName, text);
        parsedBySha.put(l.document().sha256(), l.policy());
        return l.document();
    }

    /** A policy text validated as {@link #validate} does, with its model, kept nowhere (a what-if before an upload). */
    public LoadedPolicy draft(String fileName, String text) {
        return parse(fileName, text, clock);
    }

    /** Validates, stores and activates an uploaded policy (inside the caller's transaction). */
    public PolicyDocument activate(StoreTx tx, PolicyDocument doc) {
        tx.storePolicy(doc);
        activeByRegionYear.invalidate(key(doc.region(), doc.year()));
        return doc;
    }

    /** The policy new settlements of a region and year use, if any. */
    public Optional<LoadedPolicy> active(String region, int year) {
        return activeByRegionYear.get(key(region, year), k -> store.read(tx -> tx.policies(region)).stream()
                .filter(d -> d.active() && d.year() == year)
                .findFirst()
                .map(this::loaded));
    }

    public LoadedPolicy loaded(PolicyDocument d) {
        return new LoadedPolicy(d, parsedBySha.get(d.sha256(), sha -> PolicyReader.read(d.fileName(), d.yaml())));
    }

    private static String key(String region, int year) {
        return region + "/" + year;
    }

    /** YAML per page of policies: at least one policy, then as many as fit. */
    public static final long PAGE_BYTES = 1 << 20;

    /** Policies a page at a time, as much YAML as {@link #PAGE_BYTES} (at least one policy). */
    public static Outcome<Paging.Page<PolicyDocument>> page(List<PolicyDocument> all, String pageToken) {
        Outcome<String[]> after = Paging.key("page_token", pageToken, 1);
        if (!after.isOk()) return Outcome.rejected(after.rejection());
        return Paging.byBudget("page_token", all, d -> d.policyId() + "/" + d.sha256(),
                after.value().length == 0 ? Optional.empty() : Optional.of(after.value()[0]),
                d -> (long) d.yaml().getBytes(java.nio.charset.StandardCharsets.UTF_8).length, PAGE_BYTES);
    }

}
