package routes.football;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the JetStream stream that keeps invalid records exists before the pricer takes requests. An existing
 * stream is left as the operator configured it (its subjects must include ours, or nothing would be kept).
 */
public final class InvalidRecordsStream {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidRecordsStream.class);
    private static final int STREAM_NOT_FOUND = 10059;

    private Connection connection;
    private String name;
    private String subjects;
    private String retention = "limits";
    private String storage = "file";
    private long maxAgeMillis;
    private int replicas = 1;

    public void setConnection(Connection connection) {
        this.connection = connection;
    }

    public void setName(String name) {
        this.name = name;
    }

    public void setSubjects(String subjects) {
        this.subjects = subjects;
    }

    public void setRetention(String retention) {
        this.retention = retention;
    }

    public void setStorage(String storage) {
        this.storage = storage;
    }

    /** 0 keeps records forever. */
    public void setMaxAgeMillis(long maxAgeMillis) {
        this.maxAgeMillis = maxAgeMillis;
    }

    public void setReplicas(int replicas) {
        this.replicas = replicas;
    }

    public void ensure() throws IOException, JetStreamApiException {
        List<String> wanted = Arrays.stream(subjects.split("\\s*,\\s*")).filter(s -> !s.isEmpty()).toList();
        JetStreamManagement jsm = connection.jetStreamManagement();
        try {
            StreamInfo info = jsm.getStreamInfo(name);
            List<String> existing = info.getConfiguration().getSubjects();
            if (!existing.containsAll(wanted)) {
                throw new IllegalStateException("JetStream stream " + name + " exists with subjects " + existing
                        + " that do not include " + wanted + ": invalid records would not be kept");
            }
            LOG.info("JetStream stream {} is present (subjects {}, {} messages)", name, existing,
                    info.getStreamState().getMsgCount());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            jsm.addStream(StreamConfiguration.builder()
                    .name(name)
                    .subjects(wanted)
                    .retentionPolicy(known(RetentionPolicy.get(retention), "retention", retention))
                    .storageType(known(StorageType.get(storage), "storage", storage))
                    .maxAge(Duration.ofMillis(maxAgeMillis))
                    .replicas(replicas)
                    .build());
            LOG.info("JetStream stream {} created (subjects {}, {} storage, {} retention)", name, wanted, storage,
                    retention);
        }
    }

    private static <T> T known(T value, String setting, String given) {
        if (value == null) {
            throw new IllegalArgumentException("unknown JetStream " + setting + " '" + given + "' for stream settings");
        }
        return value;
    }
}
