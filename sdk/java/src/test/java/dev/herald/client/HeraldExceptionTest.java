package dev.herald.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.herald.client.invoker.ApiException;

/** Herald's error body (docs/api.md) read from what the generated client throws. */
class HeraldExceptionTest {

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (name, value) -> true);
    }

    @Test
    void shouldCarryCodeRequestIdAndDetailsWhenTheBodyIsHeraldsError() {
        String body = """
                {"error": {"code": "validation_failed", "message": "2 problems",
                  "details": [{"field": "caption", "code": "required", "message": "caption is required"},
                              {"field": "account_ids", "code": "too_few", "message": "at least 1"}],
                  "request_id": "req_body"}}""";
        HeraldException e = HeraldException.from(
                new ApiException(400, "Bad Request", headers(Map.of("X-Request-Id", List.of("req_header"))), body));

        assertEquals(400, e.status());
        assertEquals("validation_failed", e.code());
        assertEquals("req_body", e.requestId());
        assertEquals(
                List.of(
                        new HeraldException.Detail("caption", "required", "caption is required"),
                        new HeraldException.Detail("account_ids", "too_few", "at least 1")),
                e.details());
        assertEquals("400 validation_failed: 2 problems (req_body)", e.getMessage());
    }

    @Test
    void shouldFallBackToTheStatusWhenTheBodyIsNotHeraldsError() {
        HeraldException e = HeraldException.from(new ApiException(
                502, "Bad Gateway", headers(Map.of("X-Request-Id", List.of("req_proxy"))), "<html>bad gateway</html>"));

        assertEquals(502, e.status());
        assertEquals("http_502", e.code());
        assertEquals("req_proxy", e.requestId());
        assertEquals(List.of(), e.details());
    }

    @Test
    void shouldSayConnectionFailedWhenNoResponseCame() {
        HeraldException e = HeraldException.from(new ApiException(new java.net.ConnectException("refused")));

        assertEquals(0, e.status());
        assertEquals("connection_failed", e.code());
        assertNull(e.requestId());
    }
}
