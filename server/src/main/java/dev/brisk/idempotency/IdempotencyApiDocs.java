package dev.brisk.idempotency;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.stream.Stream;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.stereotype.Component;

/** Documents {@code Idempotency-Key} (and its 409/422 answers) on every write of the API in the OpenAPI spec. */
@Component
class IdempotencyApiDocs implements GlobalOpenApiCustomizer {

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/api/") || path.startsWith("/api/auth/login")) {
                return;
            }
            Stream.of(item.getPost(), item.getPut(), item.getPatch(), item.getDelete())
                    .filter(java.util.Objects::nonNull)
                    .forEach(IdempotencyApiDocs::document);
        });
    }

    private static void document(Operation operation) {
        operation.addParametersItem(new HeaderParameter()
                .name(IdempotentWriteFilter.HEADER)
                .required(false)
                .schema(new StringSchema()
                        .minLength(1)
                        .maxLength(IdempotentWriteFilter.MAX_KEY_LENGTH)
                        .pattern("^[!-~]+$"))
                .description("""
                        Makes a retry safe. The first successful (2xx) answer is stored with the write, in its \
                        transaction, for 24 h, per organization and user; a retry with the same key and the same \
                        request (method, path, query, body bytes) gets that answer again (status, body, Location, \
                        header Idempotent-Replayed: true) without running again. Error answers are not stored."""));
        var responses = operation.getResponses();
        if (responses != null) {
            responses.putIfAbsent(
                    "409",
                    new ApiResponse()
                            .description(
                                    "Conflict, or a request with the same Idempotency-Key is still running (Retry-After)"));
            responses.putIfAbsent(
                    "422",
                    new ApiResponse()
                            .description("Unprocessable, or the Idempotency-Key was used for a different request"));
            responses.putIfAbsent(
                    "503",
                    new ApiResponse()
                            .description(
                                    "The database is unreachable; nothing was committed, safe to retry after Retry-After seconds"));
        }
    }
}
