package routes.nats;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The messages of the NATS services discovery protocol (ADR-32, {@code io.nats.micro.v1}), as services answer
 * {@code $SRV.PING}, {@code $SRV.INFO} and {@code $SRV.STATS}. Read leniently: other implementations add fields.
 */
public final class Discovery {

    public static final String PREFIX = "$SRV";
    public static final String PING = "PING";
    public static final String INFO = "INFO";
    public static final String STATS = "STATS";

    private Discovery() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ping(String type, String name, String id, String version, Map<String, String> metadata) {
        static final String TYPE = "io.nats.micro.v1.ping_response";
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Info(String type, String name, String id, String version, Map<String, String> metadata,
                       String description, List<EndpointInfo> endpoints) {
        static final String TYPE = "io.nats.micro.v1.info_response";

        public Info {
            endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EndpointInfo(String name, String subject, @JsonProperty("queue_group") String queueGroup,
                               Map<String, String> metadata) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stats(String type, String name, String id, String version, Map<String, String> metadata,
                        String started, List<EndpointStat> endpoints) {
        static final String TYPE = "io.nats.micro.v1.stats_response";

        public Stats {
            endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        }
    }

    /** Times in nanoseconds, as the protocol has them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EndpointStat(String name, String subject, @JsonProperty("queue_group") String queueGroup,
                               @JsonProperty("num_requests") long numRequests,
                               @JsonProperty("num_errors") long numErrors,
                               @JsonProperty("last_error") String lastError,
                               @JsonProperty("processing_time") long processingTime,
                               @JsonProperty("average_processing_time") long averageProcessingTime) {
    }

    /** $SRV.<verb>, $SRV.<verb>.<name> and $SRV.<verb>.<name>.<id>: the subjects one service instance answers. */
    static List<String> subjects(String verb, String name, String id) {
        String all = PREFIX + "." + verb;
        return List.of(all, all + "." + name, all + "." + name + "." + id);
    }
}
