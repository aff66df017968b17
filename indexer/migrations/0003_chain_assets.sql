-- What a chain's amounts are in, read from its contracts when the indexer starts: AdRevenue.token()
-- (campaign deposits, revenue, claims) and MinerCollateral.asset() (collateral, slashes). The zero
-- address is the chain's native coin (AVAX, ETH, DOT through the Ethereum RPC), as the contracts
-- themselves report it. NULL until read.
ALTER TABLE chains
    ADD COLUMN ad_token         bytea,
    ADD COLUMN collateral_asset bytea;
