package io.ove.channel.benchmarks;

import java.awt.Color;
import java.text.DecimalFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** Writes a suite's results as JSON, as Markdown tables of ratios, and as a PNG chart. */
final class Report {

    private Report() {
    }

    static void write(Results results, Path folder) throws IOException {
        Files.writeString(folder.resolve("results.json"), json(results));
        Files.writeString(folder.resolve("results.md"), markdown(results));
        chart(results, folder.resolve("throughput.png"));
    }

    /** The tables docs/benchmarks.md shows: every figure a ratio to an anchor of the same run. */
    static String markdown(Results results) {
        StringBuilder md = new StringBuilder();
        md.append("Mode `").append(results.mode).append("`, ").append(results.machine).append(". Suite took ")
                .append(format(results.seconds / 60)).append(" min.\n\n");
        md.append("### Throughput: ove-channel relative to each anchor (higher is better)\n\n");
        md.append("| configuration | ove-channel (M msg/s) |");
        for (String anchor : Pipes.ALL.subList(1, Pipes.ALL.size())) {
            md.append(" vs ").append(anchor).append(" |");
        }
        md.append("\n|---|---|");
        md.append("---|".repeat(Pipes.ALL.size() - 1)).append('\n');
        for (Results.Throughput row : results.throughput) {
            md.append("| ").append(row.label()).append(" | ")
                    .append(format(row.messagesPerSecond.getOrDefault(Pipes.OVE, Double.NaN) / 1e6)).append(" |");
            for (String anchor : Pipes.ALL.subList(1, Pipes.ALL.size())) {
                md.append(' ').append(format(row.ratio(Pipes.OVE, anchor))).append("x |");
            }
            md.append('\n');
        }
        md.append("\n### Ping-pong round trip through two capacity-1 channels (microseconds)\n\n");
        md.append("| implementation | p50 | p99 | p99.9 | p50 relative to ove-channel |\n|---|---|---|---|---|\n");
        Results.Latency ours = results.latency.get(Pipes.OVE);
        for (Map.Entry<String, Results.Latency> entry : results.latency.entrySet()) {
            Results.Latency latency = entry.getValue();
            md.append("| ").append(entry.getKey()).append(" | ").append(format(latency.p50())).append(" | ")
                    .append(format(latency.p99())).append(" | ").append(format(latency.p999())).append(" | ")
                    .append(ours == null ? "" : format(latency.p50() / ours.p50()) + "x").append(" |\n");
        }
        if (!results.allocation.isEmpty()) {
            md.append("\n### Allocation on ove-channel's paths (JMH gc profiler, bytes per operation)\n\n");
            md.append("| path | bytes/op |\n|---|---|\n");
            results.allocation.forEach((path, bytes) ->
                    md.append("| ").append(path).append(" | ").append(format(bytes)).append(" |\n"));
        }
        if (!results.idleCpuMillis.isEmpty()) {
            md.append("\n### CPU used by a receiver blocked 1 s on an empty channel (ms)\n\n");
            md.append("| implementation | CPU ms |\n|---|---|\n");
            results.idleCpuMillis.forEach((name, millis) ->
                    md.append("| ").append(name).append(" | ").append(format(millis)).append(" |\n"));
        }
        if (results.metricsOverhead != null) {
            double with = results.metricsOverhead.messagesPerSecond.getOrDefault(Pipes.OVE_METRICS, Double.NaN);
            double without = results.metricsOverhead.messagesPerSecond.getOrDefault(Pipes.OVE, Double.NaN);
            md.append("\n### Cost of the starter's meters (2P2C, capacity 1024, meters read 100 times a second)\n\n");
            md.append("| variant | M msg/s | relative to without meters |\n|---|---|---|\n");
            md.append("| without meters | ").append(format(without / 1e6)).append(" | 1.00x |\n");
            md.append("| with meters | ").append(format(with / 1e6)).append(" | ").append(format(with / without))
                    .append("x |\n");
        }
        return md.toString();
    }

    private static String json(Results results) {
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"mode\": ").append(quote(results.mode)).append(",\n");
        json.append("  \"machine\": ").append(quote(results.machine)).append(",\n");
        json.append("  \"seconds\": ").append(number(results.seconds)).append(",\n");
        json.append("  \"throughput\": [\n");
        for (int i = 0; i < results.throughput.size(); i++) {
            Results.Throughput row = results.throughput.get(i);
            json.append("    {\"capacity\": ").append(row.capacity).append(", \"producers\": ").append(row.producers)
                    .append(", \"consumers\": ").append(row.consumers).append(", \"messagesPerSecond\": ")
                    .append(object(row.messagesPerSecond)).append('}')
                    .append(i + 1 < results.throughput.size() ? ",\n" : "\n");
        }
        json.append("  ],\n  \"latencyMicros\": {");
        int i = 0;
        for (Map.Entry<String, Results.Latency> entry : results.latency.entrySet()) {
            Results.Latency latency = entry.getValue();
            json.append(i++ == 0 ? "\n" : ",\n").append("    ").append(quote(entry.getKey()))
                    .append(": {\"p50\": ").append(number(latency.p50())).append(", \"p99\": ")
                    .append(number(latency.p99())).append(", \"p99.9\": ").append(number(latency.p999())).append('}');
        }
        json.append("\n  },\n  \"allocationBytesPerOp\": ").append(object(results.allocation));
        json.append(",\n  \"idleCpuMillis\": ").append(object(results.idleCpuMillis));
        json.append(",\n  \"metricsOverhead\": ").append(results.metricsOverhead == null ? "null"
                : object(results.metricsOverhead.messagesPerSecond));
        return json.append("\n}\n").toString();
    }

    /** Bars of each implementation's throughput relative to ArrayBlockingQueue, per configuration. */
    private static void chart(Results results, Path file) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Results.Throughput row : results.throughput) {
            for (String implementation : Pipes.ALL) {
                double ratio = row.ratio(implementation, Pipes.ABQ);
                if (!Double.isNaN(ratio) && ratio > 0) {
                    data.addValue(ratio, implementation, row.label());
                }
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(
                "Throughput relative to ArrayBlockingQueue, same run (log scale)", "", "x ArrayBlockingQueue",
                data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        LogAxis axis = new LogAxis("x ArrayBlockingQueue");
        axis.setBase(10);
        axis.setSmallestValue(0.01);
        axis.setNumberFormatOverride(new DecimalFormat("0.##"));
        plot.setRangeAxis(axis);
        plot.getDomainAxis().setMaximumCategoryLabelLines(2);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1400, 650);
    }

    private static String object(Map<String, Double> values) {
        StringBuilder json = new StringBuilder("{");
        int i = 0;
        for (Map.Entry<String, Double> entry : values.entrySet()) {
            json.append(i++ == 0 ? "" : ", ").append(quote(entry.getKey())).append(": ").append(number(entry.getValue()));
        }
        return json.append('}').toString();
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4g", value) : "null";
    }

    private static String format(double value) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }
}
