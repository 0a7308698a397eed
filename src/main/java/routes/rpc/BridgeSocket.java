package routes.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

import io.nats.client.Dispatcher;
import io.nats.client.Subscription;

import routes.http.Socket;

/**
 * What the bridge keeps for one socket: its NATS subscriptions (each one a subscription of its own on the NATS
 * server, by subscription id and by subject), and for WAMP the session. Guarded by its own lock: frames of one socket
 * come in order, but a close can come from any thread.
 */
final class BridgeSocket {

    record Entry(long id, String subject, Subscription subscription) {
    }

    final Socket socket;
    final Dispatcher dispatcher;
    private final Map<Long, Entry> byId = new LinkedHashMap<>();
    private final Map<String, Entry> bySubject = new LinkedHashMap<>();
    private boolean closed;
    /** WAMP: the session id once WELCOMEd, 0 before. */
    volatile long wampSession;

    BridgeSocket(Socket socket, Dispatcher dispatcher) {
        this.socket = socket;
        this.dispatcher = dispatcher;
    }

    synchronized Entry bySubject(String subject) {
        return bySubject.get(subject);
    }

    synchronized Entry byId(long id) {
        return byId.get(id);
    }

    synchronized int size() {
        return byId.size();
    }

    /** False when the socket closed meanwhile: the caller unsubscribes what it made. */
    synchronized boolean add(Entry entry) {
        if (closed) {
            return false;
        }
        byId.put(entry.id(), entry);
        bySubject.put(entry.subject(), entry);
        return true;
    }

    synchronized Entry remove(String subject) {
        Entry entry = bySubject.remove(subject);
        if (entry != null) {
            byId.remove(entry.id());
        }
        return entry;
    }

    /** Every subscription, once: the socket has closed. */
    synchronized Iterable<Entry> closeAll() {
        closed = true;
        Iterable<Entry> all = java.util.List.copyOf(byId.values());
        byId.clear();
        bySubject.clear();
        return all;
    }
}
