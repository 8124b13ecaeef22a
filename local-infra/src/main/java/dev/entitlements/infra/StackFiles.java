package dev.entitlements.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What {@code ./run status}, {@code ./run logs} and {@code ./run stop} read, so they need no JVM:
 * {@code .local/stack.pid} (this launcher's pid, there while it runs) and {@code .local/stack.processes}
 * (one line per process it started: name, port, pid, log; kept after the stop for {@code ./run logs}).
 */
final class StackFiles {

    private final Path pidFile;
    private final Path processes;
    private final String ownPid = String.valueOf(ProcessHandle.current().pid());

    private StackFiles(Path state) {
        this.pidFile = state.resolve("stack.pid");
        this.processes = state.resolve("stack.processes");
    }

    /** Called once the ports are known to be free: a second ./run that fails on them leaves the first's files alone. */
    static StackFiles create(Path state) {
        StackFiles files = new StackFiles(state);
        files.write(
                files.processes,
                "# name port pid log: the processes of the last ./run; .local/stack.pid says whether it still runs\n",
                StandardOpenOption.TRUNCATE_EXISTING);
        files.write(files.pidFile, files.ownPid + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        return files;
    }

    /** One started process; {@code pid} 0 when unknown. */
    void add(String name, int port, long pid, Path log) {
        write(
                processes,
                String.join(" ", name, String.valueOf(port), pid > 0 ? String.valueOf(pid) : "-", log.toString())
                        + "\n",
                StandardOpenOption.APPEND);
    }

    /** On shutdown: the pid file goes, unless a later launcher has already replaced it. */
    void stopped() {
        try {
            if (Files.exists(pidFile) && Files.readString(pidFile).trim().equals(ownPid)) {
                Files.delete(pidFile);
            }
        } catch (IOException e) {
            System.err.println("[local] could not remove " + pidFile + ": " + e.getMessage());
        }
    }

    private void write(Path file, String text, StandardOpenOption mode) {
        try {
            Files.writeString(
                    file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
