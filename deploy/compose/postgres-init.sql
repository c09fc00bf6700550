-- First start of the compose PostgreSQL only (docker-entrypoint-initdb.d): Keycloak keeps its data in a database of
-- its own. Herald's services need nothing here: each creates and migrates its schema with Flyway at start.
CREATE USER keycloak WITH PASSWORD 'keycloak';
CREATE DATABASE keycloak OWNER keycloak;
