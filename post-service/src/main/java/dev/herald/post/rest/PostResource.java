package dev.herald.post.rest;

import java.net.URI;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.herald.kit.security.Caller;
import dev.herald.post.service.PostService;

/** The public posts API. */
@Path("/v1/posts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PostResource {

    private final PostService posts;
    private final Caller caller;

    public PostResource(PostService posts, Caller caller) {
        this.posts = posts;
        this.caller = caller;
    }

    @POST
    public Response create(CreatePostRequest request) {
        PostResponse created = PostResponse.from(posts.create(caller.workspaceId(), caller.mode(), request));
        return Response.created(URI.create("/v1/posts/" + created.id()))
                .entity(created)
                .build();
    }

    @GET
    @Path("/{id}")
    public PostResponse get(@PathParam("id") String id) {
        return PostResponse.from(posts.get(caller.workspaceId(), id));
    }

    @POST
    @Path("/validate")
    public ValidationResponse validate(CreatePostRequest request) {
        var problems =
                posts.validate(caller.workspaceId(), caller.mode(), request).problems();
        return new ValidationResponse(problems.isEmpty(), problems);
    }
}
