package io.ove.channel.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long and how often the suite measures, what it includes, and where it writes, from the
 * command line.
 *
 * @param mode               {@code standard}, {@code quick} or {@code smoke}
 * @param repetitions        forks per implementation and cell, interleaved
 * @param warmupMillis       untimed rounds for this long first, in each transfer or select fork
 * @param warmupRounds       then this many untimed rounds (JMH's warm-up iterations)
 * @param measuredRounds     timed rounds per transfer or select fork (the fork's figure is their median)
 * @param messages           messages per round
 * @param pingPongWarmups    JMH warm-up iterations per ping-pong fork
 * @param pingPongIterations JMH measurement iterations per ping-pong fork
 * @param pingPongTime       length of each of those iterations
 * @param nativeRoundTrips   round trips per iteration of a native peer's ping-pong
 * @param peers              whether the native peers (crossbeam, Go) are measured
 * @param only               experiment ids to run, empty for all
 * @param out                where result files go, {@code null} to write none
 * @param page               the Markdown page whose generated part is replaced, {@code null} for none
 * @param virtualThreadJava  the {@code java} that virtual-thread forks run on, {@code null} if none
 */
record Settings(String mode, int repetitions, long warmupMillis, int warmupRounds, int measuredRounds, int messages,
                int pingPongWarmups, int pingPongIterations, TimeValue pingPongTime, int nativeRoundTrips,
                boolean peers, Set<String> only, Path out, Path page, Path virtualThreadJava) {

    /** Every JVM fork's options: a fixed heap, and the export Agrona 2 needs. */
    static final String[] FORK_JVM_ARGS = {"-Xms512m", "-Xmx512m",
        "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"};

    static final String USAGE = "java -jar ove-channel-benchmarks/target/benchmarks.jar"
            + " [--quick | --smoke] [--peers] [--only ID,ID] [--out DIR] [--jdk21 JAVA_HOME]";

    /**
     * {@return the settings the arguments ask for}
     *
     * @param args the command line
     */
    static Settings parse(String[] args) {
        String mode = "standard";
        boolean peers = false;
        Set<String> only = new LinkedHashSet<>();
        Path out = null;
        boolean outGiven = false;
        Path jdk21 = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> mode = "quick";
                case "--smoke" -> mode = "smoke";
                case "--peers" -> peers = true;
                case "--only" -> only.addAll(List.of(value(args, ++i).split(",")));
                case "--out" -> {
                    out = Path.of(value(args, ++i));
                    outGiven = true;
                }
                case "--jdk21" -> jdk21 = Path.of(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; usage: " + USAGE);
            }
        }
        for (String id : only) {
            if (!Plan.ids().contains(id)) {
                throw new IllegalArgumentException("unknown experiment '" + id + "' in --only; the experiments are "
                        + String.join(", ", Plan.ids()));
            }
        }
        // The page is regenerated only by a complete run into the default folder: a partial or
        // smoke run must never leave the page with some tables missing.
        Path page = null;
        if (!outGiven && !mode.equals("smoke") && only.isEmpty()) {
            out = Path.of("docs", "benchmarks");
            page = Path.of("docs", "benchmarks.md");
        }
        Path virtualJava = virtualThreadJava(jdk21);
        return switch (mode) {
            case "quick" -> new Settings(mode, 3, 1000, 2, 3, 50_000, 1, 2, TimeValue.milliseconds(500), 20_000, peers, only,
                    out, page, virtualJava);
            case "smoke" -> new Settings(mode, 1, 0, 0, 1, 2_000, 0, 1, TimeValue.milliseconds(100), 1_000, peers, only,
                    out, page, virtualJava);
            default -> new Settings(mode, 5, 2000, 2, 5, 100_000, 2, 3, TimeValue.seconds(1), 50_000, peers, only, out,
                    page, virtualJava);
        };
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value; usage: " + USAGE);
        }
        return args[i];
    }

    /**
     * The JVM for virtual-thread forks: this one if it is 21 or later, else {@code --jdk21}, else
     * the {@code JDK21_HOME} environment variable; {@code null} if none.
     */
    private static Path virtualThreadJava(Path jdk21) {
        if (Threads.virtualAvailable()) {
            return ProcessHandle.current().info().command().map(Path::of).orElse(null);
        }
        Path home = jdk21 != null ? jdk21
                : System.getenv("JDK21_HOME") != null ? Path.of(System.getenv("JDK21_HOME")) : null;
        if (home == null) {
            return null;
        }
        Path java = home.resolve("bin").resolve("java");
        if (!Files.isExecutable(java)) {
            throw new IllegalArgumentException("no java executable in " + home.resolve("bin")
                    + "; --jdk21 (or JDK21_HOME) must name a JDK 21+ home folder");
        }
        return java;
    }

    /**
     * {@return whether the experiment is part of this run}
     *
     * @param id the experiment's id
     */
    boolean includes(String id) {
        return only.isEmpty() || only.contains(id);
    }

    /** {@return whether this is the smoke mode, which checks the harness and judges nothing} */
    boolean smoke() {
        return mode.equals("smoke");
    }
}
