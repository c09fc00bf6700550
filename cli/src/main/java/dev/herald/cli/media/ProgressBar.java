package dev.herald.cli.media;

import java.io.PrintWriter;

/** An upload's progress on one terminal line of stderr, redrawn only when the shown percentage changes. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private int shown = -1;

    ProgressBar(PrintWriter err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
    }

    void advance(long sent) {
        int percent = total <= 0 ? 100 : (int) Math.min(100, sent * 100 / total);
        if (percent == shown) {
            return;
        }
        shown = percent;
        int filled = percent * WIDTH / 100;
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% "
                + megabytes(Math.min(sent, total)) + " / " + megabytes(total));
        err.flush();
    }

    void finish() {
        err.println();
        err.flush();
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1_048_576.0);
    }
}
