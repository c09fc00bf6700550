package dev.herald.media.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.herald.media.config.MediaConfig;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3-compatible storage (AWS S3, MinIO; tested against s3rver only): an object appears only once its single PUT completed,
 * so readers never see a partial one. Bytes arrive as a stream of unknown length and S3 needs the length first, so
 * they are buffered in a temporary file (capped as they arrive), never in memory. Presigned GET and PUT URLs let
 * platforms and browsers reach the bucket directly.
 */
public class S3Storage implements MediaStorage, AutoCloseable {

    private static final Duration MAX_PRESIGNED = Duration.ofDays(7);

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final Path scratch;

    public S3Storage(MediaConfig config) {
        MediaConfig.S3 settings = config.storage().s3();
        this.bucket = settings.bucket()
                .filter(name -> !name.isBlank())
                .orElseThrow(() -> new IllegalStateException(
                        "herald.media.storage.s3.bucket is required with herald.media.storage.type=s3"));
        // SigV4 presigned URLs live at most 7 days: refuse to start rather than fail each request later.
        for (Duration ttl :
                new Duration[] {config.uploads().ttl(), config.publicUrls().ttl()}) {
            if (ttl.compareTo(MAX_PRESIGNED) > 0) {
                throw new IllegalStateException("With S3 storage, herald.media.uploads.ttl and"
                        + " herald.media.public-urls.ttl can be at most 7 days (presigned URLs), not " + ttl);
            }
        }
        this.scratch = config.storage().directory().toAbsolutePath().normalize().resolve(".s3-outgoing");
        Region region = Region.of(settings.region());
        AwsCredentialsProvider credentials = settings.accessKeyId()
                .<AwsCredentialsProvider>map(
                        id -> StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(
                                        id,
                                        settings.secretAccessKey()
                                                .orElseThrow(
                                                        () -> new IllegalStateException(
                                                                "herald.media.storage.s3.secret-access-key is required with an access key id")))))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        S3Configuration s3Config = S3Configuration.builder()
                .pathStyleAccessEnabled(settings.pathStyle())
                // One signature over the whole body (read from the buffered file): aws-chunked signed bodies are not
                // decoded by every S3-compatible server (s3rver stores the chunk framing as data).
                .chunkedEncodingEnabled(false)
                .build();
        var client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.socketTimeout()))
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(s3Config)
                // Checksums only where S3 requires them: the default trailing checksums (aws-chunked bodies) are not
                // understood by every S3-compatible server, and the object's length is checked here anyway.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        var presign = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(s3Config);
        settings.endpoint().map(URI::create).ifPresent(endpoint -> {
            client.endpointOverride(endpoint);
            presign.endpointOverride(endpoint);
        });
        this.s3 = client.build();
        this.presigner = presign.build();
    }

    @Override
    public long write(String key, InputStream in, long maxBytes) throws IOException {
        Files.createDirectories(scratch);
        Path temp = Files.createTempFile(scratch, ".upload-", ".tmp");
        try {
            long written;
            try (OutputStream out = Files.newOutputStream(temp)) {
                written = MediaStorage.copyAtMost(in, out, maxBytes);
            }
            long length = written;
            call(() -> s3.putObject(
                    request -> request.bucket(bucket).key(key).contentLength(length), RequestBody.fromFile(temp)));
            return written;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return s3.getObject(request -> request.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (SdkException e) {
            throw new IOException("S3 GET " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return s3.headObject(request -> request.bucket(bucket).key(key)).contentLength();
        } catch (NoSuchKeyException e) {
            return -1;
        } catch (S3Exception e) {
            // HEAD answers have no body, so a missing object may come as a bare 404.
            if (e.statusCode() == 404) {
                return -1;
            }
            throw new IOException("S3 HEAD " + key + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("S3 HEAD " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        call(() -> s3.deleteObject(request -> request.bucket(bucket).key(key)));
    }

    /** A server-side copy, then the source goes: the target appears whole (S3 writes are atomic per object). */
    @Override
    public void move(String from, String to) throws IOException {
        try {
            s3.copyObject(request -> request.sourceBucket(bucket)
                    .sourceKey(from)
                    .destinationBucket(bucket)
                    .destinationKey(to));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(from);
        } catch (SdkException e) {
            throw new IOException("S3 COPY " + from + ": " + e.getMessage(), e);
        }
        delete(from);
    }

    @Override
    public Optional<URI> presignedGet(String key, String contentType, Duration ttl) {
        return Optional.of(URI.create(presigner
                .presignGetObject(request -> request.signatureDuration(ttl)
                        .getObjectRequest(get -> get.bucket(bucket).key(key).responseContentType(contentType)))
                .url()
                .toString()));
    }

    /** The length is signed: S3 refuses a PUT of any other size (403), so only the announced bytes can arrive. */
    @Override
    public Optional<URI> presignedPut(String key, long size, Duration ttl) {
        return Optional.of(URI.create(presigner
                .presignPutObject(request -> request.signatureDuration(ttl)
                        .putObjectRequest(put -> put.bucket(bucket).key(key).contentLength(size)))
                .url()
                .toString()));
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }

    private static void call(Runnable request) throws IOException {
        try {
            request.run();
        } catch (SdkException e) {
            throw new IOException("S3: " + e.getMessage(), e);
        }
    }
}
