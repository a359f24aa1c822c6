package dev.brisk.platform;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** OpenAPI metadata; the UI at /swagger-ui.html sends the token from its "Authorize" button. */
@Configuration
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Brisk API",
                        version = "v1",
                        description =
                                "Orders and invoicing for small businesses. Errors are application/problem+json."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
class OpenApiConfiguration {}
