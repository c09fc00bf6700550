package dev.herald.gateway.identity;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.kit.id.Ids;

/** The isolation unit (a brand, or an agency's client). */
@Entity
@Table(name = "workspace")
public class Workspace {

    @Id
    private String id;

    private String organizationId;
    private String name;
    private Instant createdAt;

    protected Workspace() {
        // for JPA
    }

    public static Workspace create(String organizationId, String name, Instant now) {
        Workspace workspace = new Workspace();
        workspace.id = Ids.newId("ws");
        workspace.organizationId = organizationId;
        workspace.name = name;
        workspace.createdAt = now;
        return workspace;
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
}
