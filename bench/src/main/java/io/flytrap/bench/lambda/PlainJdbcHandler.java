package io.flytrap.bench.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/**
 * The cold-start baseline: the least a Java Lambda that stores an SQS message in PostgreSQL must do — read the
 * event, open one JDBC connection, insert one row, answer. No framework.
 */
public class PlainJdbcHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        try (Connection connection = DriverManager.getConnection(System.getenv("FLYTRAP_DB_URL"),
                System.getenv("FLYTRAP_DB_USER"), System.getenv("FLYTRAP_DB_PASSWORD"));
             PreparedStatement insert = connection.prepareStatement("insert into bench_plain_lambda (body) values (?)")) {
            insert.setString(1, event);
            insert.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new java.io.IOException(e);
        }
        output.write("{\"batchItemFailures\":[]}".getBytes(StandardCharsets.UTF_8));
    }
}
