package dev.herald.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout is, and the git-ignored {@code .herald/} folder inside it. */
public final class HeraldPaths {

    private HeraldPaths() {}

    /** The repository root: {@code herald.root} (set by the build), else the nearest folder with {@code mvnw}. */
    public static Path root() {
        String configured = System.getProperty("herald.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        return Path.of("").toAbsolutePath();
    }

    /** Unpacked PostgreSQL binaries, shared by every test run and the local stack. */
    public static Path postgresBinaries() {
        return root().resolve(".herald/embedded-pg");
    }
}
