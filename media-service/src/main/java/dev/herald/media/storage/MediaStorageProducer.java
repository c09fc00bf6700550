package dev.herald.media.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.herald.media.config.MediaConfig;

/** The storage that {@code herald.media.storage.type} names: the local filesystem (default) or an S3 bucket. */
@ApplicationScoped
public class MediaStorageProducer {

    @Produces
    @Singleton
    MediaStorage storage(MediaConfig config) {
        return switch (config.storage().type()) {
            case FILESYSTEM -> new FileSystemStorage(config);
            case S3 -> new S3Storage(config);
        };
    }

    void close(@Disposes MediaStorage storage) throws Exception {
        if (storage instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
