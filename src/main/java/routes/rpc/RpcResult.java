package routes.rpc;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * What a method answers: {@code [args, kwargs]}, as the old services did; {@code kwargs} is anything written as a
 * JSON object (a map, a record).
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
public record RpcResult(List<?> args, Object kwargs) {

    public RpcResult {
        args = List.copyOf(args);
    }

    public static RpcResult of(Object... args) {
        return new RpcResult(List.of(args), Map.of());
    }

    public static RpcResult keywords(Object kwargs) {
        return new RpcResult(List.of(), kwargs);
    }
}
