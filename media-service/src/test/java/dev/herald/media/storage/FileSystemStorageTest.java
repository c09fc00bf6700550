package dev.herald.media.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.herald.media.MediaConfigs;
import dev.herald.media.config.MediaConfig;

class FileSystemStorageTest {

    @TempDir
    Path dir;

    private FileSystemStorage storage() {
        MediaConfig config = MediaConfigs.of(Map.of("herald.media.storage.directory", dir.toString()));
        return new FileSystemStorage(config);
    }

    private long filesIn(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.count();
        }
    }

    @Test
    void shouldStoreTheWholeStreamWhenItFitsTheCap() throws IOException {
        FileSystemStorage storage = storage();
        byte[] bytes = new byte[200_000];
        bytes[199_999] = 7;
        assertEquals(200_000, storage.write("objects/ws/a", new ByteArrayInputStream(bytes), 200_000));
        assertEquals(200_000, storage.size("objects/ws/a"));
        try (InputStream in = storage.open("objects/ws/a")) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        // Only the object: the temporary file was moved into place.
        assertEquals(1, filesIn(dir.resolve("objects/ws")));
    }

    @Test
    void shouldLeaveNothingBehindWhenTheStreamIsLargerThanTheCap() throws IOException {
        FileSystemStorage storage = storage();
        assertThrows(
                MediaStorage.TooLargeException.class,
                () -> storage.write("objects/ws/b", new ByteArrayInputStream(new byte[1001]), 1000));
        assertEquals(-1, storage.size("objects/ws/b"));
        assertEquals(0, filesIn(dir.resolve("objects/ws")));
    }

    @Test
    void shouldKeepTheOldObjectWhenAReplacementBreaksOff() throws IOException {
        FileSystemStorage storage = storage();
        storage.write("objects/ws/c", new ByteArrayInputStream(new byte[] {1, 2, 3}), 10);
        InputStream broken = new BreakingStream(5);
        assertThrows(IOException.class, () -> storage.write("objects/ws/c", broken, 10));
        try (InputStream in = storage.open("objects/ws/c")) {
            assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
        }
    }

    @Test
    void shouldRefuseKeysThatLeaveTheFolder() {
        FileSystemStorage storage = storage();
        assertThrows(IllegalArgumentException.class, () -> storage.size("../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> storage.size("/etc/passwd"));
    }
}
