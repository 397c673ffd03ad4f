package io.flytrap.functions.lambda;

import io.flytrap.functions.IngestAndProcessing;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The application the Lambdas start ({@code MAIN_CLASS}): the same ingest and process beans as the containers,
 * without a web server (API Gateway and SQS call the functions through FunctionInvoker) and without queue
 * workers (SQS invokes the process function). Which function a Lambda runs is {@code spring_cloud_function_definition}:
 * {@code ingest} or {@code processSqs}.
 */
@SpringBootApplication(scanBasePackages = "io.flytrap.core")
@Import(IngestAndProcessing.class)
public class LambdaApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(LambdaApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
    }
}
