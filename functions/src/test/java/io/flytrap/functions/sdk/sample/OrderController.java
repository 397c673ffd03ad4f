package io.flytrap.functions.sdk.sample;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The sample app's endpoints: one with a bug, one that refuses bad input (a handled 4xx). */
@RestController
@TestComponent
class OrderController {

    @GetMapping("/orders/{id}/ship")
    String ship(@PathVariable long id) {
        return shipment(id);
    }

    @GetMapping("/orders/{id}")
    String order(@PathVariable String id) {
        if (!id.chars().allMatch(Character::isDigit)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not an order number: " + id);
        }
        return "order " + id;
    }

    private String shipment(long id) {
        throw new IllegalStateException("order " + id + " has no shipping address");
    }
}
