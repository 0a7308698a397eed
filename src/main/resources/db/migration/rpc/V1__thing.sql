-- thing_service's things (contract rpc.md, "The services")
CREATE TABLE thing (
    uuid          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name          text        NOT NULL,
    is_created_at timestamptz NOT NULL DEFAULT now()
);
