-- The indexer's own bookkeeping: each chain's checkpoint and status, and the recent block hashes
-- that reorgs are detected with. The event tables are generated from the event catalog
-- (indexer/schema/events.sql, applied before these migrations); derived state follows in 0002.

CREATE TABLE chains (
    chain_id        bigint PRIMARY KEY,
    name            text NOT NULL,
    -- Highest block whose events are all in the database (the checkpoint).
    indexed_block   bigint NOT NULL,
    head_block      bigint NOT NULL DEFAULT 0,
    confirmations   bigint NOT NULL DEFAULT 0,
    reorgs          bigint NOT NULL DEFAULT 0,
    -- 'backfill', 'live' or 'halted' (a reorg deeper than the tracked window; see error).
    status          text NOT NULL DEFAULT 'backfill',
    error           text,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Hashes of the recent (not yet final) blocks the indexer has seen, for reorg detection.
CREATE TABLE blocks (
    chain_id     bigint NOT NULL,
    number       bigint NOT NULL,
    hash         bytea NOT NULL,
    parent_hash  bytea NOT NULL,
    PRIMARY KEY (chain_id, number)
);
