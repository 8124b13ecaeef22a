package dev.entitlements.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running helper commands and child processes of the launchers. */
final class Processes {

    private Processes() {}

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** PostgreSQL refuses to run as root: wrap the command to run as the postgres user then. */
    static List<String> asPostgresUser(List<String> command) {
        if (!runningAsRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Runs a command to completion; fails with its output when it exits non-zero. */
    static void run(List<String> command, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "failed (exit " + p.exitValue() + "): " + String.join(" ", command) + "\n" + tail(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Sends a signal ({@code STOP}, {@code CONT}, {@code KILL}) to one process by its id: Java can
     * only TERM or KILL its own children, and has no SIGSTOP at all. By pid, never by name, so
     * nothing but the process meant is touched.
     */
    static void signal(long pid, String signal) {
        if (!signal.matches("[A-Z]+")) {
            throw new IllegalArgumentException("not a signal name: " + signal);
        }
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + out.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The signal to a process and all its descendants (PostgreSQL: the postmaster and its
     * backends). STOP goes to the parent first so it forks no new child meanwhile; CONT to the
     * children first so the parent finds them running.
     */
    static void signalTree(long pid, String signal) {
        ProcessHandle root = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
        List<Long> children = root.descendants().map(ProcessHandle::pid).toList();
        if ("CONT".equals(signal)) {
            children.forEach(c -> signalQuietly(c, signal));
            signal(pid, signal);
        } else {
            signal(pid, signal);
            children.forEach(c -> signalQuietly(c, signal));
        }
    }

    /** A child may have exited between the listing and the signal: that is fine. */
    private static void signalQuietly(long pid, String signal) {
        try {
            signal(pid, signal);
        } catch (IllegalStateException e) {
            // gone already
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temp dir is not worth failing a run for
        }
    }
}
