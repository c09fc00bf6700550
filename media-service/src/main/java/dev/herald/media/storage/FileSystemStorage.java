package dev.herald.media.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.herald.media.config.MediaConfig;

/**
 * Local filesystem storage: each object is written to a temporary file in the same folder, then moved into place in
 * one atomic rename, so readers never see a partial file and a crash leaves only a temporary file behind.
 */
public class FileSystemStorage implements MediaStorage {

    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]{0,200}");
    private final Path root;

    public FileSystemStorage(MediaConfig config) {
        this.root = config.storage().directory().toAbsolutePath().normalize();
    }

    @Override
    public long write(String key, InputStream in, long maxBytes) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
        boolean done = false;
        try {
            long written;
            try (OutputStream out = Files.newOutputStream(temp)) {
                written = MediaStorage.copyAtMost(in, out, maxBytes);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
            return written;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return Files.size(resolve(key));
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public Optional<Path> localPath(String key) {
        Path path = resolve(key);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    @Override
    public void move(String from, String to) throws IOException {
        Path target = resolve(to);
        Files.createDirectories(target.getParent());
        Files.move(resolve(from), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Path resolve(String key) {
        // Keys are made by the service, never by clients; still, nothing may escape the root.
        if (!SAFE_KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("Bad storage key: " + key);
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("Bad storage key: " + key);
        }
        return path;
    }
}
