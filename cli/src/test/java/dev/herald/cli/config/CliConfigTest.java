package dev.herald.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.herald.cli.Context;

class CliConfigTest {

    @TempDir
    Path home;

    @Test
    void shouldCreateTheFileReadableOnlyByItsOwnerWhenSaving() throws Exception {
        Path file = home.resolve(".config/herald/config.json");
        new CliConfig("http://localhost:8080", "hk_test_secret").save(file);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals(Optional.of(new CliConfig("http://localhost:8080", "hk_test_secret")), CliConfig.load(file));
        try (var leftovers = Files.list(file.getParent())) {
            assertEquals(1, leftovers.count(), "no temporary file left beside it");
        }
    }

    @Test
    void shouldMakeAnExistingFileOwnerOnlyWhenSavingOverIt() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        new CliConfig("http://h", "hk_test_new").save(file);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("hk_test_new", CliConfig.load(file).orElseThrow().apiKey());
    }

    @Test
    void shouldForgetTheLoginWhenDeleted() {
        Path file = home.resolve("config.json");
        new CliConfig("http://h", "k").save(file);
        assertTrue(CliConfig.delete(file));
        assertFalse(CliConfig.delete(file));
        assertEquals(Optional.empty(), CliConfig.load(file));
    }

    @Test
    void shouldFindTheFileUnderXdgConfigHomeOrHomeWhenNotNamed() {
        assertEquals(
                Path.of("/x/herald/config.json"),
                Context.defaultConfigFile(Map.of("XDG_CONFIG_HOME", "/x"), "/home/u"));
        assertEquals(Path.of("/home/u/.config/herald/config.json"), Context.defaultConfigFile(Map.of(), "/home/u"));
        assertEquals(Path.of("/tmp/c.json"), Context.defaultConfigFile(Map.of("HERALD_CONFIG", "/tmp/c.json"), "/h"));
    }
}
