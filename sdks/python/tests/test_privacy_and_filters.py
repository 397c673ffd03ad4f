"""Privacy by default, and the app's say over what is sent: before_send and sample_rate."""

import random

import flytrap
from flytrap.privacy import FILTERED, TOO_DEEP, safe_headers, scrub, scrub_url


def test_cookies_authorization_and_forwarding_headers_are_not_sent_and_secret_headers_are_masked():
    headers = [("Authorization", "Bearer sk"), ("Cookie", "session=1"), ("X-Forwarded-For", "1.2.3.4"),
               ("X-Api-Key", "k"), ("Accept", "text/html"), ("Accept", "application/json")]
    assert safe_headers(headers, send_default_pii=False) == {
        "X-Api-Key": FILTERED, "Accept": "text/html, application/json"}
    assert safe_headers(headers, send_default_pii=True)["Authorization"] == "Bearer sk"


def test_every_header_that_carries_the_clients_address_is_left_out_without_pii():
    headers = [("Forwarded", "for=1.2.3.4"), ("True-Client-IP", "1.2.3.4"), ("CF-Connecting-IP", "1.2.3.4"),
               ("X-Client-IP", "1.2.3.4"), ("Fastly-Client-IP", "1.2.3.4"), ("Accept", "text/html")]
    assert safe_headers(headers, send_default_pii=False) == {"Accept": "text/html"}
    assert len(safe_headers(headers, send_default_pii=True)) == 6


def test_send_default_pii_lets_the_pii_headers_through_but_never_other_secret_headers():
    # The option is documented as cookies, Authorization, forwarding headers and the address: the app's own
    # credentials in X-Api-Key or X-Auth-Token were sent unmasked with it
    headers = [("Authorization", "Bearer sk"), ("Cookie", "session=1"), ("X-Forwarded-For", "1.2.3.4"),
               ("X-Real-Ip", "1.2.3.4"), ("Proxy-Authorization", "Basic p"), ("X-Api-Key", "k"),
               ("X-Auth-Token", "t"), ("X-Session-Id", "s"), ("Accept", "text/html")]
    assert safe_headers(headers, send_default_pii=True) == {
        "Authorization": "Bearer sk", "Cookie": "session=1", "X-Forwarded-For": "1.2.3.4", "X-Real-Ip": "1.2.3.4",
        "Proxy-Authorization": "Basic p", "X-Api-Key": FILTERED, "X-Auth-Token": FILTERED,
        "X-Session-Id": FILTERED, "Accept": "text/html"}


def test_values_under_secret_looking_keys_are_filtered_at_any_depth():
    data = {"password": "hunter2", "user": {"name": "ada", "api_key": "k", "orders": [{"card_number": "4111"}]},
            "Session-Token": 123}
    assert scrub(data) == {"password": FILTERED, "user": {"name": "ada", "api_key": FILTERED,
                                                        "orders": [{"card_number": FILTERED}]},
                           "Session-Token": FILTERED}
    assert scrub_url("https://x/cb?code=1&access_token=abc&page=2#id_token=xyz") == \
        "https://x/cb?code=1&access_token=[Filtered]&page=2#id_token=[Filtered]"


def test_a_list_or_dict_under_a_secret_looking_key_is_filtered_whole():
    # Only plain values were filtered: the strings of {"tokens": ["a"]} went out, so did {"auth": {"bearer": ..}}
    data = {"tokens": ["tok_a", "tok_b"], "credentials": ("user", "pw"), "auth": {"bearer": "abc"},
            "api_keys": {"k1"}, "items": ["visible"]}
    assert scrub(data) == {"tokens": FILTERED, "credentials": FILTERED, "auth": FILTERED, "api_keys": FILTERED,
                           "items": ["visible"]}
    assert data["tokens"] == ["tok_a", "tok_b"], "a copy: the app's data is unchanged"


def test_nesting_deeper_than_the_limit_is_replaced_not_passed_on_unfiltered(receiver, start_sdk):
    # Beyond the depth limit scrub returned the value as it was; the client then sent its repr, secrets included
    deep = {"password": "hunter2"}
    for _ in range(12):
        deep = {"level": deep}
    assert "hunter2" not in repr(scrub(deep))
    inner = scrub(deep)
    for _ in range(8):
        inner = inner["level"]
    assert inner == TOO_DEEP
    assert scrub([[[[[[[[["x"]]]]]]]]]) == [[[[[[[[TOO_DEEP]]]]]]]]

    start_sdk()
    flytrap.set_context("deep", deep)
    flytrap.add_breadcrumb(message="deep", data={"rows": [deep]})
    flytrap.capture_message("deep data")
    assert flytrap.flush(5)
    assert "hunter2" not in repr(receiver.requests[0].body)


def test_contexts_and_breadcrumb_data_are_filtered_before_sending(receiver, start_sdk):
    start_sdk()
    flytrap.set_context("payment", {"card_number": "4111 1111", "amount": 12, "client_secret": "cs_1"})
    flytrap.add_breadcrumb(category="auth", message="login", data={"password": "hunter2", "user": "ada"})
    flytrap.capture_message("paid")
    assert flytrap.flush(5)
    event = receiver.events[0]
    assert event["contexts"]["payment"] == {"card_number": FILTERED, "amount": 12, "client_secret": FILTERED}
    assert event["breadcrumbs"][0]["data"] == {"password": FILTERED, "user": "ada"}
    assert "hunter2" not in receiver.requests[0].body.__repr__() and "4111" not in repr(receiver.requests[0].body)


def test_before_send_can_change_an_event(receiver, start_sdk):
    seen = []

    def before_send(event, hint):
        seen.append(hint["original_exception"])
        event["tags"]["checked"] = "yes"
        event["fingerprint"] = ["payments"]
        return event

    start_sdk(before_send=before_send)
    error = ValueError("changed")
    flytrap.capture_exception(error)
    assert flytrap.flush(5)
    assert seen == [error]
    assert receiver.events[0]["tags"]["checked"] == "yes" and receiver.events[0]["fingerprint"] == ["payments"]


def test_before_send_can_drop_an_event(receiver, start_sdk):
    start_sdk(before_send=lambda event, hint: None if "secret" in event.get("message", "") else event)
    flytrap.capture_message("a secret message")
    kept = flytrap.capture_message("a plain message")
    assert flytrap.flush(5)
    assert receiver.sent_ids() == [kept]


def test_sample_rate_zero_sends_nothing_and_one_half_sends_about_half(receiver, start_sdk):
    client = start_sdk(sample_rate=0.0)
    assert flytrap.capture_exception(ValueError("never")) is None
    assert flytrap.capture_message("never") is None
    assert flytrap.flush(5) and receiver.requests == []

    client.options.sample_rate = 0.5
    random.seed(10)
    sent = 0
    for i in range(200):
        sent += flytrap.capture_message("maybe %d" % i) is not None
        if i % 20 == 19:
            assert flytrap.flush(10)  # stay below the queue's bound: only sampling decides
    assert 70 <= sent <= 130
    assert len(receiver.requests) == sent
