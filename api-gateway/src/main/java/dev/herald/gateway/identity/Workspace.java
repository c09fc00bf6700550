package dev.herald.gateway.identity;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.id.Ids;

/** The isolation unit (a brand, or an agency's client). */
@Entity
@Table(name = "workspace")
public class Workspace {

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_CORS_ORIGINS = 20;

    @Id
    private String id;

    private String organizationId;
    private String name;
    /** Browser origins allowed to call the API with this workspace's credentials, space separated. */
    private String corsOrigins = "";

    private Instant createdAt;
    private Instant deletedAt;

    @Version
    private long version;

    protected Workspace() {
        // for JPA
    }

    public static Workspace create(String organizationId, String name, Instant now) {
        Workspace workspace = new Workspace();
        workspace.id = Ids.newId("ws");
        workspace.organizationId = organizationId;
        workspace.name = checkName(name);
        workspace.createdAt = now;
        return workspace;
    }

    public void rename(String newName) {
        name = checkName(newName);
    }

    /**
     * Replaces the allowed browser origins. Each is an exact origin ({@code https://app.example.com}, a port when not
     * the default): no paths, no wildcards, because a wildcard would hand the workspace's keys to any web page.
     */
    public void allowOrigins(List<String> origins) {
        if (origins.size() > MAX_CORS_ORIGINS) {
            throw ApiException.invalid(
                    "Too many origins.",
                    List.of(new ApiError.Detail(
                            "cors_origins", "too_many", "At most " + MAX_CORS_ORIGINS + " origins.")));
        }
        List<ApiError.Detail> problems = new ArrayList<>();
        Set<String> normalized = new LinkedHashSet<>();
        for (int i = 0; i < origins.size(); i++) {
            String origin = normalizeOrigin(origins.get(i));
            if (origin == null) {
                problems.add(new ApiError.Detail(
                        "cors_origins[" + i + "]",
                        "invalid_origin",
                        "An origin is scheme://host[:port], e.g. https://app.example.com."));
            } else {
                normalized.add(origin);
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid("An origin is not valid; see details.", problems);
        }
        corsOrigins = String.join(" ", normalized);
    }

    public void delete(Instant now) {
        if (deletedAt == null) {
            deletedAt = now;
        }
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    public String id() {
        return id;
    }

    public String organizationId() {
        return organizationId;
    }

    public String name() {
        return name;
    }

    public List<String> corsOrigins() {
        return corsOrigins == null || corsOrigins.isEmpty() ? List.of() : Arrays.asList(corsOrigins.split(" "));
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant deletedAt() {
        return deletedAt;
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank() || name.trim().length() > MAX_NAME_LENGTH) {
            throw ApiException.invalid(
                    "A workspace name is required.",
                    List.of(new ApiError.Detail(
                            "name", "invalid", "A workspace name is 1 to " + MAX_NAME_LENGTH + " characters.")));
        }
        return name.trim();
    }

    /** The origin in the form browsers send it (lower-case scheme and host, default port dropped), or null. */
    static String normalizeOrigin(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null;
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || !bare) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort =
                    port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
            return scheme + "://" + uri.getHost().toLowerCase() + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
