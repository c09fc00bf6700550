package dev.herald.media.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Settings of the media-service ({@code herald.media.*}). */
@ConfigMapping(prefix = "herald.media")
public interface MediaConfig {

    /** Largest file accepted, per kind; checked on upload against the declared type, then against the real one. */
    Limits limits();

    /** Where the bytes live. */
    Storage storage();

    /** Processing jobs (sniffing, measuring, thumbnails). */
    Processing processing();

    /** Temporary upload URLs. */
    Uploads uploads();

    /** Import from URL. */
    @WithName("import")
    Import importing();

    /** Signed public URLs for platforms that pull media (Instagram, Threads, Pinterest, TikTok). */
    PublicUrls publicUrls();

    /** Removing media nobody uses. */
    Cleanup cleanup();

    /**
     * HMAC-SHA256 key (base64, at least 32 bytes) signing upload and public URLs; every replica needs the same one.
     * Unset: a random key per process, so URLs signed by one replica fail on another (fine for one instance).
     */
    Optional<String> signingKey();

    /** Size caps. */
    interface Limits {
        /** JPEG, PNG and WebP. */
        @WithDefault("50M")
        MemorySize imageBytes();

        /** Animated or still GIF. */
        @WithDefault("50M")
        MemorySize gifBytes();

        /** MP4 and QuickTime. */
        @WithDefault("2G")
        MemorySize videoBytes();

        /** Images whose header declares more pixels are refused before any decoding (decompression bombs). */
        @WithDefault("100000000")
        long maxPixels();

        /**
         * Video frames of more pixels (container or H.264 parameter set) are not decoded for a thumbnail; the video
         * is still accepted. 3840x2160 by default: one decoded frame then needs about 60 MB.
         */
        @WithDefault("8294400")
        long videoFramePixels();
    }

    /** Storage settings. */
    interface Storage {
        /** {@code filesystem} (under {@link #directory()}) or {@code s3} (an S3-compatible bucket, see {@link #s3()}). */
        @WithDefault("filesystem")
        StorageType type();

        /**
         * Folder of the filesystem storage; with S3, where uploads are buffered on their way to the bucket (S3 needs
         * an object's length before its bytes).
         */
        @WithDefault(".herald/data/media")
        Path directory();

        /** The S3-compatible bucket, for {@code type=s3}. */
        S3 s3();
    }

    /** Where the bytes live. */
    enum StorageType {
        FILESYSTEM,
        S3
    }

    /** S3-compatible storage (AWS S3, MinIO, ...). */
    interface S3 {
        /** The bucket; required with {@code type=s3}. */
        Optional<String> bucket();

        /** The region (SigV4 signs with it). */
        @WithDefault("us-east-1")
        String region();

        /** Another S3-compatible server's URL (MinIO, ...); unset: AWS's endpoint for the region. */
        Optional<String> endpoint();

        /** Bucket in the path instead of the host name (MinIO and most S3-compatible servers need it). */
        @WithDefault("false")
        boolean pathStyle();

        /** Access key id; unset: the AWS SDK's default credential chain (environment, profile, instance role). */
        Optional<String> accessKeyId();

        /** Secret access key, with {@link #accessKeyId()}. */
        Optional<String> secretAccessKey();

        /** Time to connect to the endpoint. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Longest wait for the next bytes of an answer. */
        @WithDefault("60s")
        Duration socketTimeout();
    }

    /** Processing settings. */
    interface Processing {
        /** A job still running after this fails with {@code processing_timeout}; the worker moves on. */
        @WithDefault("60s")
        Duration timeout();

        /** Longest side of a thumbnail, in pixels. */
        @WithDefault("320")
        int thumbnailSize();

        /**
         * Jobs one replica processes at once (each bounded in memory); the processing worker pool's size
         * ({@code smallrye.messaging.worker.media-processing.max-concurrency} reads it).
         */
        @WithDefault("2")
        int concurrency();
    }

    /** Upload URL settings. */
    interface Uploads {
        /** The public API's base URL (the gateway) that upload URLs start with. */
        @WithDefault("http://localhost:8080")
        String baseUrl();

        /** How long an upload URL can be used. */
        @WithDefault("1h")
        Duration ttl();
    }

    /** Import-from-URL settings. */
    interface Import {
        /** Total time for one import (all hops, headers and body). */
        @WithDefault("60s")
        Duration timeout();

        /** Time to connect to one address. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Redirects followed, each one checked again. */
        @WithDefault("3")
        int maxRedirects();

        /**
         * Lets imports reach loopback addresses: for tests only, never by default (RELIABILITY.md, SSRF). Every other
         * blocked address class stays blocked.
         */
        @WithDefault("false")
        boolean allowLoopback();

        /**
         * A PEM file of CA certificates that https imports trust instead of the JVM's trust store (a private CA, or a
         * test CA); unset: the JVM's. Host names are checked either way.
         */
        Optional<Path> trustCertificates();
    }

    /** Public URL settings. */
    interface PublicUrls {
        /** Where {@code /media-files/…} of this service is reachable from the internet. */
        @WithDefault("http://localhost:8082")
        String baseUrl();

        /** How long a public URL works; long enough for a platform to fetch it after a slow publish. */
        @WithDefault("24h")
        Duration ttl();
    }

    /** Cleanup settings. */
    interface Cleanup {
        /** Upload URLs never completed, and failed media, older than this are deleted with their bytes. */
        @WithDefault("7d")
        Duration ttl();

        /**
         * Ready media that no post has ever named, older than this, are deleted with their bytes (a library kept
         * longer needs a longer setting).
         */
        @WithDefault("30d")
        Duration unattachedTtl();

        /** How often the cleanup runs. */
        @WithDefault("1h")
        String interval();
    }
}
