package dev.brisk.platform;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.ResponseEntity;

/**
 * What the resource controllers under {@code /api/<resource>} answer alike: the list request with
 * the cluster's cursor key, 404 for an id the caller has no live (or, to restore, deleted) row
 * for, 201 with the new row's location, 204 for a delete. The endpoints themselves, with their
 * cache and query-budget annotations, stay on each controller.
 */
public final class ResourceApi {

    private final String resource;
    private final String name;
    private final Enum<?>[] statuses;
    private final ClusterSecrets secrets;

    /**
     * @param resource the path segment and list name, e.g. {@code customers} (cursors are bound to it)
     * @param name the singular noun problem details use, e.g. {@code Customer}
     * @param statuses the values the list's {@code status} filter accepts
     */
    public ResourceApi(String resource, String name, Enum<?>[] statuses, ClusterSecrets secrets) {
        this.resource = resource;
        this.name = name;
        this.statuses = statuses.clone();
        this.secrets = secrets;
    }

    public ListQuery query(ListParams params) {
        return params.toQuery(resource, statuses, secrets.cursorKey());
    }

    /** The live row, or 404 "{@code name} not found". */
    public <T> T found(Optional<T> row) {
        return row.orElseThrow(this::notFound);
    }

    public ApiException notFound() {
        return ApiException.notFound(name);
    }

    /** 201 with {@code Location: /api/<resource>/<id>}. */
    public <T extends KeysetRow> ResponseEntity<T> created(T body) {
        return ResponseEntity.created(URI.create("/api/" + resource + "/" + body.id()))
                .body(body);
    }

    /** 204, or 404 when there was no live row to delete. */
    public ResponseEntity<Void> deleted(boolean deleted) {
        if (!deleted) {
            throw notFound();
        }
        return ResponseEntity.noContent().build();
    }

    /** The restored row, or 404 "Deleted {@code name} not found" when there was no deleted row. */
    public <T> T restored(Optional<T> row) {
        return row.orElseThrow(() -> ApiException.notFound("Deleted " + name.toLowerCase(Locale.ROOT)));
    }
}
