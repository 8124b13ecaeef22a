package dev.entitlements.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTests {

    @TempDir
    Path dir;

    @Test
    void theFirstStartRecordsTheArchiveAndTheNextOneUsesIt() throws Exception {
        Path jar = app(Instant.parse("2026-12-01T10:00:00Z"));
        Path cds = dir.resolve("cds");
        Path archive = cds.resolve("gateway.jsa");
        assertEquals(List.of("-XX:ArchiveClassesAtExit=" + archive), ClassDataArchive.options("gateway", jar, cds));

        touch(Files.writeString(archive, "archive"), Instant.parse("2026-12-01T11:00:00Z"));
        assertEquals(List.of("-XX:SharedArchiveFile=" + archive), ClassDataArchive.options("gateway", jar, cds));
    }

    @Test
    void aRebuildMakesTheArchiveStaleAndItIsRecordedAgain() throws Exception {
        Path jar = app(Instant.parse("2026-12-01T10:00:00Z"));
        Path cds = Files.createDirectories(dir.resolve("cds"));
        Path archive =
                touch(Files.writeString(cds.resolve("gateway.jsa"), "archive"), Instant.parse("2026-12-01T11:00:00Z"));
        // one library of the application is newer than the archive: the JVM would refuse the archive
        touch(jar.getParent().resolve("lib/main/dep.jar"), Instant.parse("2026-12-01T12:00:00Z"));

        assertEquals(List.of("-XX:ArchiveClassesAtExit=" + archive), ClassDataArchive.options("gateway", jar, cds));
        assertFalse(Files.exists(archive), "the stale archive is gone, so a failed recording leaves none behind");
    }

    /** A quarkus-app directory: the runner jar and a library, both at {@code at}. */
    private Path app(Instant at) throws Exception {
        Path app = Files.createDirectories(dir.resolve("gateway/target/quarkus-app/lib/main"));
        touch(Files.writeString(app.resolve("dep.jar"), "lib"), at);
        return touch(Files.writeString(app.getParent().getParent().resolve("quarkus-run.jar"), "jar"), at);
    }

    private static Path touch(Path file, Instant at) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(at));
        return file;
    }
}
