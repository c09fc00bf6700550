package dev.herald.cli.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class HeraldApiTest {

    @Test
    void shouldCarryTheErrorCodeAndBodyWhenTheApiAnswersItsErrorFormat() {
        String body = "{\"error\":{\"code\":\"not_found\",\"message\":\"No post 'post_x'.\",\"request_id\":\"req_1\"}}";
        ApiException e = assertThrows(ApiException.class, () -> HeraldApi.answer(404, body, "req_1"));
        assertEquals(404, e.status());
        assertEquals("not_found", e.code());
        assertEquals("No post 'post_x'.", e.getMessage());
        assertEquals("req_1", e.body().path("error").path("request_id").asText());
    }

    @Test
    void shouldNameTheStatusWhenAnErrorIsNotInHeraldsFormat() {
        ApiException e =
                assertThrows(ApiException.class, () -> HeraldApi.answer(502, "<html>Bad gateway</html>", null));
        assertEquals("http_502", e.code());
        assertEquals("<html>Bad gateway</html>", e.getMessage());
    }

    @Test
    void shouldAnswerAnEmptyObjectWhenA2xxHasNoBody() {
        assertEquals(0, HeraldApi.answer(204, "", null).size());
    }

    @Test
    void shouldEncodeQueryValuesAndLeaveNullsOutWhenBuildingAQuery() {
        assertEquals(
                "?status=scheduled&created_from=2026-12-01T09%3A00%3A00%2B01%3A00",
                HeraldApi.queryString(HeraldApi.params(
                        "status", "scheduled", "platform", null, "created_from", "2026-12-01T09:00:00+01:00")));
        assertEquals("", HeraldApi.queryString(Map.of()));
        assertEquals("post_1%2F..%20x", HeraldApi.segment("post_1/.. x"));
    }
}
