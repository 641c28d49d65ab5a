package io.spindle.gateway.rest;

import jakarta.enterprise.context.RequestScoped;

/** Who is calling: the project of the request's API key, set by {@link ApiKeyAuthFilter}. */
@RequestScoped
public class Caller {

    private String projectId;

    void authenticated(String projectId) {
        this.projectId = projectId;
    }

    public String projectId() {
        if (projectId == null) {
            throw new IllegalStateException("no authenticated project in this request");
        }
        return projectId;
    }
}
