package io.ove.channel.benchmarks;

import io.ove.channel.benchmarks.Experiment.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a suite run as JSON: the settings, every fork's figure, and every ratio with its
 * interval, so any table can be recomputed or checked without re-running.
 */
final class JsonReport {

    private JsonReport() {
    }

    /**
     * {@return the run as a JSON document}
     *
     * @param run what was measured
     */
    static String json(SuiteRun run) {
        Settings s = run.settings;
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"mode\": ").append(quote(s.mode())).append(",\n");
        json.append("  \"machine\": ").append(quote(run.machine)).append(",\n");
        json.append("  \"minutes\": ").append(number(run.minutes)).append(",\n");
        json.append("  \"repetitions\": ").append(s.repetitions()).append(",\n");
        json.append("  \"warmupRounds\": ").append(s.warmupRounds()).append(",\n");
        json.append("  \"measuredRounds\": ").append(s.measuredRounds()).append(",\n");
        json.append("  \"messagesPerRound\": ").append(s.messages()).append(",\n");
        json.append("  \"peers\": ").append(s.peers()).append(",\n");
        List<String> rows = new ArrayList<>();
        for (Samples.Sample sample : run.samples.all()) {
            rows.add("{\"experiment\": " + quote(sample.experiment()) + ", \"cell\": " + quote(sample.cell())
                    + ", \"implementation\": " + quote(sample.implementation()) + ", \"round\": "
                    + sample.repetition() + ", \"metric\": " + quote(sample.metric()) + ", \"value\": "
                    + number(sample.value()) + "}");
        }
        json.append("  \"forks\": [\n    ").append(String.join(",\n    ", rows)).append("\n  ],\n");
        rows.clear();
        for (Experiment experiment : run.experiments) {
            for (Cell cell : experiment.cells()) {
                for (Comparison comparison : experiment.comparisons()) {
                    Interval ratio = run.ratio(experiment, cell, comparison.subject(), comparison.anchor(),
                            experiment.metric());
                    rows.add("{\"experiment\": " + quote(experiment.id()) + ", \"cell\": " + quote(cell.label())
                            + ", \"subject\": " + quote(comparison.subject()) + ", \"anchor\": "
                            + quote(comparison.anchor()) + ", \"metric\": " + quote(experiment.metric())
                            + ", \"median\": " + number(ratio.median()) + ", \"low\": " + number(ratio.low())
                            + ", \"high\": " + number(ratio.high()) + ", \"n\": " + ratio.n()
                            + ", \"confidence\": " + number(ratio.confidence()) + "}");
                }
            }
        }
        json.append("  \"ratios\": [\n    ").append(String.join(",\n    ", rows)).append("\n  ],\n");
        rows.clear();
        for (Map.Entry<String, double[]> idle : run.idleCpuMillis.entrySet()) {
            List<String> values = new ArrayList<>();
            for (double value : idle.getValue()) {
                values.add(number(value));
            }
            rows.add(quote(idle.getKey()) + ": [" + String.join(", ", values) + "]");
        }
        json.append("  \"idleCpuMillis\": {").append(String.join(", ", rows)).append("},\n");
        rows.clear();
        run.allocation.forEach((path, cost) -> rows.add(quote(path) + ": {\"perMessage\": "
                + number(cost.perMessage()) + ", \"perRound\": " + number(cost.perRound()) + "}"));
        json.append("  \"allocationBytes\": {").append(String.join(", ", rows)).append("},\n");
        rows.clear();
        run.failures.forEach(failure -> rows.add(quote(failure)));
        json.append("  \"failures\": [").append(String.join(", ", rows)).append("]\n");
        return json.append("}\n").toString();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.6g", value) : "null";
    }
}
