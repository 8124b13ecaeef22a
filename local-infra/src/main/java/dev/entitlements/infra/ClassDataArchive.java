package dev.entitlements.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * A dynamic AppCDS archive per packaged application for the local run: the JVM maps the classes it
 * loaded last time instead of reading, verifying and linking them again (BENCHMARKS.md, start-up).
 * The first start after a build records the archive at exit ({@code -XX:ArchiveClassesAtExit}); the
 * next starts use it ({@code -XX:SharedArchiveFile}). An archive older than any file of the
 * application is deleted and recorded again: the JVM would refuse it (it checks the class path's
 * jars) and start without one, silently slower.
 */
public final class ClassDataArchive {

    private ClassDataArchive() {}

    /**
     * The JVM options for the application {@code name} packaged as {@code jar} (its {@code quarkus-app/}
     * directory is the class path), with its archive {@code dir/name.jsa}.
     */
    public static List<String> options(String name, Path jar, Path dir) {
        Path archive = dir.resolve(name + ".jsa");
        try {
            Files.createDirectories(dir);
            if (Files.exists(archive)) {
                if (newestFile(jar.getParent()).compareTo(Files.getLastModifiedTime(archive)) < 0) {
                    return List.of("-XX:SharedArchiveFile=" + archive);
                }
                Files.delete(archive);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of("-XX:ArchiveClassesAtExit=" + archive);
    }

    private static FileTime newestFile(Path app) throws IOException {
        try (Stream<Path> files = Files.walk(app)) {
            return files.filter(Files::isRegularFile)
                    .map(ClassDataArchive::modified)
                    .max(FileTime::compareTo)
                    .orElse(FileTime.fromMillis(0));
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
