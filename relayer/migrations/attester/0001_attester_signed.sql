-- What this attester signed: one row per message and destination attester-set version (a rotation
-- makes it sign pending messages again under the new version). Served at /v1/attestations/{id}.
CREATE TABLE attester_signed (
    message_id   bytea NOT NULL,
    set_version  bigint NOT NULL,
    origin       bigint NOT NULL,
    destination  bigint NOT NULL,
    nonce        bigint NOT NULL,
    -- The dispatch block, checked canonical at finality depth before signing.
    source_block bigint NOT NULL,
    source_hash  bytea NOT NULL,
    signature    bytea NOT NULL,
    signed_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, set_version)
);
