package io.flytrap.dashboard.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Describes the management API at /api/v1/openapi.json; the paths come from the controllers themselves. */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    @Bean
    OpenAPI flytrapOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Flytrap management API").version("v1")
                        .description("Projects, keys and issues. Authenticate with 'Authorization: Bearer <API token>'; "
                                + "get a token in the dashboard or from POST /api/v1/tokens with e-mail and password."))
                .components(new Components().addSecuritySchemes("token",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }
}
