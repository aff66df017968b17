-- Signed votes handed to the vote relay (`POST /v1/votes`), and what became of each. A vote's id
-- is the EIP-712 digest its voter signed, so a vote handed in twice is one row. Whether a cast
-- vote is in the index is read from `vote_cast`, beside it in the indexer's database.
CREATE TABLE relayed_vote (
    digest       bytea PRIMARY KEY,
    chain_id     bigint NOT NULL,
    round_id     numeric NOT NULL,
    voter        bytea NOT NULL,
    candidate    bigint NOT NULL,
    deadline     bigint NOT NULL,
    -- The signed vote as handed in (tfx_evm::votes::SignedVote).
    vote         jsonb NOT NULL,
    -- queued -> submitted (in `tx_hash`, entry `batch_index`) -> cast | rejected (with `error`).
    status       text NOT NULL CHECK (status IN ('queued', 'submitted', 'cast', 'rejected')),
    tx_hash      bytea,
    batch_index  integer,
    error        text,
    received_at  timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- The batcher's queue, and one open vote per voter and round.
CREATE INDEX relayed_vote_open ON relayed_vote (chain_id, received_at) WHERE status IN ('queued', 'submitted');
CREATE UNIQUE INDEX relayed_vote_one_open ON relayed_vote (chain_id, round_id, voter)
    WHERE status IN ('queued', 'submitted');
-- "My votes".
CREATE INDEX relayed_vote_voter ON relayed_vote (voter, received_at DESC);
