-- The relayer scans each origin's dispatches from its newest carried block (less the reorg
-- window): that maximum is one index probe per origin and pass.
CREATE INDEX relay_message_origin_block_idx ON relay_message (origin, source_block);
