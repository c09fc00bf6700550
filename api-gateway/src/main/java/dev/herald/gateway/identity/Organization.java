package dev.herald.gateway.identity;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.kit.id.Ids;

/** A customer of Herald; owns workspaces. */
@Entity
@Table(name = "organization")
public class Organization {

    @Id
    private String id;

    private String name;
    private Instant createdAt;

    protected Organization() {
        // for JPA
    }

    public static Organization create(String name, Instant now) {
        Organization organization = new Organization();
        organization.id = Ids.newId("org");
        organization.name = name;
        organization.createdAt = now;
        return organization;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }
}
