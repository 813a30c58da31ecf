package onestop.agent.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import onestop.agent.application.RosterEntry;
import onestop.agent.application.RosterSyncer;
import onestop.v1.Person;
import onestop.v1.RosterDelta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;

/** The local roster: a batch is one transaction with its version, kept across a restart; the native library kept once. */
class SqliteLocalStoreTest {
    @TempDir
    Path dir;

    private static RosterEntry delta(long version, String id, String name) {
        return RosterEntry.of(RosterDelta.newBuilder().setVersion(version).setPerson(Person.newBuilder().setIdNumber(id).setName(name)
                .setCounty("341002")).build());
    }

    @Test
    void aBatchIsAppliedWithItsVersionAndALaterChangeReplacesThePerson() {
        try (SqliteLocalStore store = SqliteLocalStore.open(dir.resolve("agent.db"))) {
            store.applyRoster(List.of(delta(1, "341002195603121237", "张秀英"), delta(2, "11010519491231002X", "李四")), 2);
            assertEquals(Optional.of("2"), store.meta(RosterSyncer.ROSTER_VERSION));
            assertEquals("张秀英", store.person("341002195603121237").orElseThrow().getName());

            store.applyRoster(List.of(delta(3, "341002195603121237", "张秀英（改）")), 3);
            store.endRosterSync();
            assertEquals("张秀英（改）", store.person("341002195603121237").orElseThrow().getName());
            assertEquals(2, store.rosterSize());
            assertEquals(Optional.of("3"), store.meta(RosterSyncer.ROSTER_VERSION));
            assertTrue(store.person("110101199003070011").isEmpty());
        }
        try (SqliteLocalStore reopened = SqliteLocalStore.open(dir.resolve("agent.db"))) {
            assertEquals(Optional.of("3"), reopened.meta(RosterSyncer.ROSTER_VERSION), "a restart resumes from the version stored");
            assertEquals(2, reopened.rosterSize());
            assertEquals("李四", reopened.person("11010519491231002X").orElseThrow().getName());
        }
    }

    @Test
    void theNativeLibraryIsCopiedOnceAsTheDriverShipsIt() throws Exception {
        Path kept = NativeLibrary.copyOnce(dir.resolve("native"));
        byte[] shipped;
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(NativeLibrary.resource())) {
            shipped = in.readAllBytes();
        }
        assertArrayEquals(shipped, Files.readAllBytes(kept));
        assertTrue(kept.getFileName().toString().contains(SQLiteJDBCLoader.getVersion()), "named by the driver's version: " + kept);
        Files.setLastModifiedTime(kept, FileTime.fromMillis(0));
        assertEquals(kept, NativeLibrary.copyOnce(dir.resolve("native")));
        assertEquals(0, Files.getLastModifiedTime(kept).toMillis(), "not copied again");
        try (var files = Files.list(dir.resolve("native"))) {
            assertEquals(1, files.count(), "no part file left behind");
        }
    }
}
