package dev.herald.cli.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.herald.cli.Context;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ProgressBarTest {

    private final StringWriter err = new StringWriter();

    @Test
    void shouldRedrawOnlyWhenThePercentageChangesAndEndAtOneHundredWhenEverythingWasSent() {
        ProgressBar bar = new ProgressBar(new PrintWriter(err), "photo.png", 2_097_152);
        bar.advance(0);
        bar.advance(1_048_576);
        bar.advance(1_048_577); // still 50 %: not drawn again
        bar.advance(2_097_152);
        bar.finish();

        String[] frames = err.toString().split("\r");
        assertEquals(4, frames.length, err.toString()); // "" before the first \r, then 0 %, 50 %, 100 %
        assertEquals("photo.png [" + " ".repeat(30) + "] 0% 0.0 MB / 2.0 MB", frames[1]);
        assertEquals("photo.png [" + "#".repeat(15) + " ".repeat(15) + "] 50% 1.0 MB / 2.0 MB", frames[2]);
        assertEquals("photo.png [" + "#".repeat(30) + "] 100% 2.0 MB / 2.0 MB" + System.lineSeparator(), frames[3]);
    }

    @Test
    void shouldShowOneHundredPercentWhenTheSizeIsUnknown() {
        ProgressBar bar = new ProgressBar(new PrintWriter(err), "clip.mp4", -1);
        bar.advance(10);
        assertTrue(err.toString().contains("] 100% "), err.toString());
    }

    /** A command with only the option, to read how picocli sets it. */
    @Command(name = "upload")
    static final class Upload {
        @Mixin
        ProgressOption progress = new ProgressOption();
    }

    private static boolean shown(boolean terminal, String... args) {
        Upload command = new Upload();
        new CommandLine(command).parseArgs(args);
        Context context = new Context(
                Map.of(),
                Path.of("config.json"),
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                new BufferedReader(new StringReader("")),
                terminal,
                Clock.systemUTC());
        return command.progress.shown(context);
    }

    @Test
    void shouldDrawTheBarOnlyInATerminalUnlessTheOptionSaysOtherwise() {
        assertTrue(shown(true));
        assertFalse(shown(false), "a script's stderr gets no bar by default");
        assertTrue(shown(false, "--progress"), "--progress forces it on");
        assertFalse(shown(true, "--no-progress"));
    }
}
