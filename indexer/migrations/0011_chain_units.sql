-- The units of a chain's amounts, read with its assets (0003): the ERC-20's symbol() and
-- decimals(), or the network file's native coin for the zero address. A page or client shows
-- amounts from /v1/chains alone, without reading the token itself. NULL until read.
ALTER TABLE chains
    ADD COLUMN ad_symbol           text,
    ADD COLUMN ad_decimals         smallint,
    ADD COLUMN collateral_symbol   text,
    ADD COLUMN collateral_decimals smallint;

-- As in 0004, with the units appended (CREATE OR REPLACE VIEW may only add columns at the end).
CREATE OR REPLACE VIEW chain_status AS
SELECT c.chain_id, c.name, c.head_block, c.indexed_block, c.confirmations, c.reorgs, c.updated_at,
       c.ad_token, c.collateral_asset, c.checked_at, c.head_changed_at, c.writer,
       CASE WHEN s.no_answer OR s.head_still THEN 'stalled' ELSE c.status END AS status,
       CASE WHEN s.no_answer THEN concat('no answer from the node since ', c.checked_at, '; last error: ', coalesce(c.error, 'none'))
            WHEN s.head_still THEN concat('head ', c.head_block, ' has not moved since ', c.head_changed_at)
            ELSE c.error END AS error,
       c.ad_symbol, c.ad_decimals, c.collateral_symbol, c.collateral_decimals
FROM chains c
CROSS JOIN LATERAL (SELECT
    c.status IN ('backfill', 'live') AND c.checked_at < now() - interval '15 seconds' AS no_answer,
    c.status = 'live' AND c.stall_after_ms > 0 AND c.head_changed_at < now() - c.stall_after_ms * interval '1 millisecond' AS head_still
) s;
