-- get_things lists the oldest first, up to its limit
CREATE INDEX thing_is_created_at ON thing (is_created_at, uuid);
