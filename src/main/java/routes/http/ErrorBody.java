package routes.http;

/** The body of every non-2xx answer that is not a validation failure: {@code {"error": "..."}}. */
public record ErrorBody(String error) {

    public static byte[] json(String error) {
        return Json.bytes(new ErrorBody(error));
    }
}
