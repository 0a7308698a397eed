package routes.nats;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.observe.ReadinessCheck;

/**
 * Makes sure a JetStream stream that keeps records (a flow's invalid requests) exists before the worker takes
 * requests. An existing stream is left as the operator configured it (its subjects must include ours, or nothing would
 * be kept). As a readiness check it reports the process not ready while the stream cannot be confirmed, and re-creates
 * a stream that disappeared (a memory stream after a server restart, say), so records are kept again without a restart.
 */
public final class JetStreamStream extends ReadinessCheck {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamStream.class);
    private static final int STREAM_NOT_FOUND = 10059;

    private Connection connection;
    private String name;
    private String subjects;
    private String retention = "limits";
    private String storage = "file";
    private long maxAgeMillis;
    private int replicas = 1;
    private volatile boolean ensured;

    private String checkId = "jetstream-stream";

    public JetStreamStream() {
        super("jetstream-stream");
    }

    /** The readiness check's name, one per stream (e.g. invalid-records-stream-football). */
    public void setCheckId(String checkId) {
        this.checkId = checkId;
    }

    @Override
    public String getId() {
        return checkId;
    }

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

    /**
     * At start-up: the stream exists (created when absent) and keeps our subjects, or the worker does not start.
     * Without NATS yet, the readiness check does this once NATS connects, before the worker consumes.
     */
    public void ensure() throws IOException, JetStreamApiException {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            LOG.info("JetStream stream {} is checked once NATS is connected", name);
            return;
        }
        String problem = checkOrCreate();
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        ensured = true;
    }

    @Override
    protected String problem() throws IOException, JetStreamApiException {
        Connection.Status status = connection.getStatus();
        if (status != Connection.Status.CONNECTED) {
            return "JetStream stream " + name + " cannot be checked: NATS connection is " + status;
        }
        return checkOrCreate();
    }

    /** Null when the stream (now) keeps our subjects, else what is wrong with it. */
    private String checkOrCreate() throws IOException, JetStreamApiException {
        List<String> wanted = Arrays.stream(subjects.split("\\s*,\\s*")).filter(s -> !s.isEmpty()).toList();
        StreamInfo info;
        try {
            info = connection.jetStreamManagement().getStreamInfo(name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            create(wanted);
            return null;
        }
        List<String> existing = info.getConfiguration().getSubjects();
        if (!existing.containsAll(wanted)) {
            return "JetStream stream " + name + " exists with subjects " + existing + " that do not include " + wanted
                    + ": invalid records would not be kept";
        }
        return null;
    }

    private void create(List<String> wanted) throws IOException, JetStreamApiException {
        connection.jetStreamManagement().addStream(StreamConfiguration.builder()
                .name(name)
                .subjects(wanted)
                .retentionPolicy(known(RetentionPolicy.get(retention), "retention", retention))
                .storageType(known(StorageType.get(storage), "storage", storage))
                .maxAge(Duration.ofMillis(maxAgeMillis))
                .replicas(replicas)
                .build());
        if (ensured) {
            LOG.warn("JetStream stream {} had disappeared and was created again (subjects {}, {} storage, {} retention)",
                    name, wanted, storage, retention);
        } else {
            LOG.info("JetStream stream {} created (subjects {}, {} storage, {} retention)", name, wanted, storage, retention);
        }
    }

    private static <T> T known(T value, String setting, String given) {
        if (value == null) {
            throw new IllegalArgumentException("unknown JetStream " + setting + " '" + given + "' for stream settings");
        }
        return value;
    }
}
