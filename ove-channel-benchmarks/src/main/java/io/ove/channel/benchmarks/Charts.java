package io.ove.channel.benchmarks;

import io.ove.channel.benchmarks.Experiment.Comparison;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Draws the charts of {@code docs/benchmarks.md}, every point a median with its interval as a
 * whisker: {@code ratios.png} (ove-channel against each anchor, per cell of the throughput matrix),
 * {@code capacity.png} and {@code threads.png} (the curves).
 */
final class Charts {

    private Charts() {
    }

    /**
     * Writes every chart whose experiment ran.
     *
     * @param run    what was measured
     * @param folder where the PNG files go
     * @throws IOException if a file cannot be written
     */
    static void write(SuiteRun run, Path folder) throws IOException {
        Experiment matrix = run.experiment(Plan.THROUGHPUT);
        if (matrix != null) {
            ratios(run, matrix, folder.resolve("ratios.png"));
        }
        Experiment capacity = run.experiment(Plan.CAPACITY_CURVE);
        if (capacity != null) {
            curve(run, capacity, "capacity", folder.resolve("capacity.png"));
        }
        Experiment threads = run.experiment(Plan.THREAD_CURVE);
        if (threads != null) {
            curve(run, threads, "worker threads (producers + consumers)", folder.resolve("threads.png"));
        }
    }

    private static void ratios(SuiteRun run, Experiment matrix, Path file) throws IOException {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        List<Comparison> comparisons = matrix.comparisons().stream()
                .filter(comparison -> comparison.subject().equals(Pipes.OVE)).toList();
        double width = 0.8 / comparisons.size();
        for (int j = 0; j < comparisons.size(); j++) {
            Comparison comparison = comparisons.get(j);
            YIntervalSeries series = new YIntervalSeries("vs " + comparison.anchor());
            for (int i = 0; i < matrix.cells().size(); i++) {
                Interval ratio = run.ratio(matrix, matrix.cells().get(i), comparison.subject(), comparison.anchor(),
                        Metrics.THROUGHPUT);
                if (ratio.n() > 0 && ratio.median() > 0) {
                    series.add(i - 0.4 + width * (j + 0.5), ratio.median(), ratio.low(), ratio.high());
                }
            }
            data.addSeries(series);
        }
        String[] labels = matrix.cells().stream().map(Cell::label).toArray(String[]::new);
        SymbolAxis cells = new SymbolAxis("", labels);
        cells.setGridBandsVisible(false);
        LogAxis ratio = logAxis("ove-channel / anchor (log scale; 1 = level)");
        XYPlot plot = plot(data, cells, ratio);
        plot.addRangeMarker(new ValueMarker(1.0, Color.DARK_GRAY, new BasicStroke(1.5f)));
        save(new JFreeChart("ove-channel's throughput relative to each anchor: median and interval of paired"
                + " ratios", JFreeChart.DEFAULT_TITLE_FONT, plot, true), file, 1400, 650);
    }

    private static void curve(SuiteRun run, Experiment experiment, String xLabel, Path file) throws IOException {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (String implementation : experiment.implementations()) {
            YIntervalSeries series = new YIntervalSeries(implementation);
            for (Cell cell : experiment.cells()) {
                if (!Threads.PLATFORM.equals(cell.threads())) {
                    continue; // the virtual-thread cell is a table row, not a point on this axis
                }
                Interval figure = run.figure(experiment, cell, implementation, Metrics.THROUGHPUT);
                double x = experiment.id().equals(Plan.CAPACITY_CURVE) ? cell.capacity() : cell.threadCount();
                if (figure.n() > 0 && figure.median() > 0) {
                    series.add(x, figure.median(), figure.low(), figure.high());
                }
            }
            data.addSeries(series);
        }
        LogAxis x = logAxis(xLabel + " (log scale)");
        x.setBase(2);
        x.setNumberFormatOverride(new DecimalFormat("0"));
        XYPlot plot = plot(data, x, logAxis("M msg/s (log scale)"));
        XYErrorRenderer renderer = (XYErrorRenderer) plot.getRenderer();
        renderer.setDefaultLinesVisible(true);
        save(new JFreeChart(experiment.title() + ": median and interval of the forks",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true), file, 1100, 600);
    }

    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setSmallestValue(1e-3);
        axis.setNumberFormatOverride(new DecimalFormat("0.###"));
        return axis;
    }

    private static XYPlot plot(YIntervalSeriesCollection data, ValueAxis x, ValueAxis y) {
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDrawYError(true);
        renderer.setDefaultLinesVisible(false);
        renderer.setDefaultShapesVisible(true);
        renderer.setErrorStroke(new BasicStroke(1.5f));
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private static void save(JFreeChart chart, Path file, int width, int height) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
    }
}
