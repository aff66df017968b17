-- Tells API processes when a chain's indexed block moves (a commit, or a reorg's rollback), so
-- that server-sent-event streams push the change instead of pages polling for it. The payload is
-- the chain id; NOTIFY is delivered when the writer's transaction commits, and never for one that
-- rolls back.
CREATE FUNCTION chains_notify_indexed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tfx_indexed', NEW.chain_id::text);
    RETURN NULL;
END $$;

CREATE TRIGGER chains_indexed_moved AFTER UPDATE OF indexed_block ON chains
    FOR EACH ROW WHEN (OLD.indexed_block IS DISTINCT FROM NEW.indexed_block)
    EXECUTE FUNCTION chains_notify_indexed();
