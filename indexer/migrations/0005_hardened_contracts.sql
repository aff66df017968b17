-- The contracts-hardening release (issue 11). Its new events' tables come from the event catalog
-- (indexer/schema/events.sql).
--
-- AdRevenue restarts a video's revenue-per-share accumulator at zero when the video is
-- fractionalized (nobody holds its shares then), so the replay does too. Settlements before every
-- NFT and share movement arrive as RevenueSettled logs ahead of the movement's own log, so replaying
-- in log order credits the holder of each interval.
CREATE OR REPLACE FUNCTION revenue_claimable(p_chain bigint, p_video numeric, p_account bytea) RETURNS numeric
LANGUAGE plpgsql STABLE AS $$
DECLARE
    magnitude constant numeric := 340282366920938463463374607431768211456;
    zero constant bytea := '\x0000000000000000000000000000000000000000';
    creator bytea;
    owner bytea;
    supply numeric := 0;
    balance numeric := 0;
    rps numeric := 0;
    correction numeric := 0;
    credited numeric := 0;
    claimed numeric := 0;
    ev record;
BEGIN
    SELECT m.creator INTO creator FROM video_minted m WHERE m.chain_id = p_chain AND m.video_id = p_video;
    FOR ev IN
        SELECT block_number, log_index, 0 AS sub, 's' AS kind, amount, creator_amount, NULL::bytea AS a, NULL::bytea AS b
        FROM revenue_settled WHERE chain_id = p_chain AND video_id = p_video
        UNION ALL
        SELECT block_number, log_index, batch_index, 't', amount, 0, from_address, to_address
        FROM share_transfer WHERE chain_id = p_chain AND video_id = p_video
        UNION ALL
        SELECT block_number, log_index, 0, 'o', 0, 0, NULL, to_address
        FROM video_transfer WHERE chain_id = p_chain AND video_id = p_video
        UNION ALL
        SELECT block_number, log_index, 0, 'c', amount, 0, NULL, NULL
        FROM revenue_claimed WHERE chain_id = p_chain AND video_id = p_video AND account = p_account
        ORDER BY 1, 2, 3
    LOOP
        CASE ev.kind
        WHEN 's' THEN
            IF creator = p_account THEN credited := credited + ev.creator_amount; END IF;
            IF supply = 0 THEN
                IF owner = p_account THEN credited := credited + ev.amount - ev.creator_amount; END IF;
            ELSE
                rps := rps + div((ev.amount - ev.creator_amount) * magnitude, supply);
            END IF;
        WHEN 't' THEN
            IF ev.a = zero THEN supply := supply + ev.amount; rps := 0; END IF;
            IF ev.b = zero THEN supply := supply - ev.amount; END IF;
            IF ev.a = p_account THEN correction := correction + rps * ev.amount; balance := balance - ev.amount; END IF;
            IF ev.b = p_account THEN correction := correction - rps * ev.amount; balance := balance + ev.amount; END IF;
        WHEN 'o' THEN
            owner := ev.b;
        ELSE
            claimed := claimed + ev.amount;
        END CASE;
    END LOOP;
    RETURN credited + div(rps * balance + correction, magnitude) - claimed;
END;
$$;
