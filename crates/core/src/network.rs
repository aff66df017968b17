use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// `deploy/networks/<name>.toml`: one chain and how the suite is deployed and configured on it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkConfig {
    /// The chain.
    pub chain: ChainConfig,
    /// Where the deployer's key comes from.
    #[serde(default)]
    pub signer: SignerConfig,
    /// Role holders.
    #[serde(default)]
    pub roles: Roles,
    /// Token addresses (absent ones are deployed: devnets only).
    #[serde(default)]
    pub tokens: Tokens,
    /// Contract parameters.
    #[serde(default)]
    pub params: Params,
    /// How the indexer follows this chain.
    #[serde(default)]
    pub indexer: IndexerParams,
    /// The cross-chain layer: who attests messages into this chain, and what this chain accepts.
    #[serde(default)]
    pub crosschain: CrossChain,
}

/// The Mailbox and StudioRouter of a chain: the attester set its Mailbox trusts, how deep a block
/// of this chain must be before attesters sign its messages, and the router's policy.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CrossChain {
    /// Attester addresses (hex). Empty leaves the Mailbox without a set: nothing is delivered here.
    pub attesters: Vec<String>,
    /// Signatures a delivery needs: more than half of `attesters`.
    pub threshold: u8,
    /// Blocks a message's dispatch block must be below this chain's head before attesters sign it.
    pub finality_depth: u64,
    /// A valuation is due once it grew by this much (smallest unit) since the last one sent ...
    pub valuation_step: u128,
    /// ... or once this long passed and it grew at all, seconds.
    pub valuation_interval_secs: u64,
    /// How long a slash notice from another chain freezes a miner's withdrawals here, seconds.
    pub freeze_window_secs: u64,
    /// Length of a freeze rate-limit period, seconds.
    pub freeze_period_secs: u64,
    /// Most freezes one origin chain may cause here per period.
    pub max_freezes_per_period: u32,
}

impl Default for CrossChain {
    fn default() -> Self {
        Self {
            attesters: Vec::new(),
            threshold: 0,
            finality_depth: 12,
            valuation_step: 1_000_000_000,
            valuation_interval_secs: 3_600,
            freeze_window_secs: 3 * 86_400,
            freeze_period_secs: 86_400,
            max_freezes_per_period: 10,
        }
    }
}

/// How the indexer follows a chain: finality, reorg window and polling, tuned per network.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IndexerParams {
    /// Blocks below the head before a block counts as final (reported by the API beside each row).
    pub confirmations: u64,
    /// Recent blocks whose hashes are kept to detect and unwind reorgs; a deeper reorg halts the chain.
    pub reorg_window: u64,
    /// Head polling interval, milliseconds.
    pub poll_interval_ms: u64,
    /// Upper bound of one `eth_getLogs` block range (the range adapts below it).
    pub max_block_range: u64,
    /// `eth_getLogs` requests in flight during backfill.
    pub concurrency: usize,
    /// Seconds the head may stay at one block before the chain is reported `stalled`: a few block
    /// times. 0 turns the check off, for chains that only mine on demand (local devnets).
    pub stall_after_s: u64,
}

impl Default for IndexerParams {
    fn default() -> Self {
        Self {
            confirmations: 12,
            reorg_window: 128,
            poll_interval_ms: 1_000,
            max_block_range: 10_000,
            concurrency: 4,
            stall_after_s: 60,
        }
    }
}

/// The chain the config targets.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainConfig {
    /// Name used for `deployments/<name>.json` and `--chain <name>`.
    pub name: String,
    /// Expected chain id; the deployer refuses an RPC that reports another.
    pub chain_id: u64,
    /// JSON-RPC endpoint (overridden by `TFX_RPC_URL` and `--rpc`).
    pub rpc_url: String,
    /// Devnets may get a faucet stablecoin; real networks must name theirs.
    #[serde(default)]
    pub devnet: bool,
    /// Which implementation of the suite the chain runs.
    #[serde(default)]
    pub contracts: ContractSuite,
    /// The chain's native coin, as wallets and pages show it (gas, and on Polkadot Hub the ads
    /// and collateral).
    #[serde(default)]
    pub native: NativeCoin,
}

/// A chain's native coin through its Ethereum JSON-RPC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NativeCoin {
    /// Ticker: `ETH`, `AVAX`, `DOT`.
    pub symbol: String,
    /// Decimals of the amounts the RPC reports (18 on every chain here, DOT included: pallet-revive
    /// scales balances to 18 decimals behind its Ethereum RPC).
    pub decimals: u8,
}

impl Default for NativeCoin {
    fn default() -> Self {
        Self { symbol: "ETH".into(), decimals: 18 }
    }
}

/// The implementation of the four contracts a chain runs. Solidity and ink! are called through the
/// Ethereum JSON-RPC with the same Solidity ABI and differ in code and in how value moves; the
/// Anchor programs are called through Solana's JSON-RPC with their IDL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContractSuite {
    /// contracts/evm: EVM bytecode; ads stream an ERC-20, votes may weigh an ERC20Votes stake.
    #[default]
    Solidity,
    /// contracts/ink: PolkaVM code for pallet-revive (Polkadot Hub); ads and collateral move the
    /// native coin, so no token is deployed or configured.
    Ink,
    /// contracts/solana: Anchor programs on a Solana cluster. The programs are deployed with the
    /// cluster (their `.so` needs an SBF toolchain); the deployer initializes them.
    Anchor,
}

impl ContractSuite {
    /// Whether the suite streams ads in a token (an ERC-20, an SPL mint) that a real network must
    /// name; the ink! suite moves the native coin instead.
    pub fn streams_tokens(self) -> bool {
        self != Self::Ink
    }
}

/// The deployer key source: an environment variable holding a hex private key, or a keystore file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignerConfig {
    /// Environment variable with the hex private key.
    #[serde(default = "default_key_env")]
    pub private_key_env: String,
    /// Encrypted JSON keystore file (used instead of the variable when set).
    #[serde(default)]
    pub keystore: Option<String>,
    /// Environment variable with the keystore password.
    #[serde(default = "default_password_env")]
    pub password_env: String,
    /// Solana CLI keypair file (a JSON array of 64 bytes, as `solana-keygen new` writes): the
    /// Anchor suite's deployer. On a devnet a missing file is created and funded by airdrop.
    #[serde(default)]
    pub keypair: Option<String>,
}

fn default_key_env() -> String {
    "TFX_PRIVATE_KEY".into()
}

fn default_password_env() -> String {
    "TFX_KEYSTORE_PASSWORD".into()
}

impl Default for SignerConfig {
    fn default() -> Self {
        Self { private_key_env: default_key_env(), keystore: None, password_env: default_password_env(), keypair: None }
    }
}

/// Accounts that receive roles after deployment (hex addresses). Empty means the deployer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    /// Receives every admin role; the deployer keeps none if this is another account.
    #[serde(default)]
    pub admin: Option<String>,
    /// Receives slashed collateral.
    #[serde(default)]
    pub treasury: Option<String>,
    /// Registered as slashing validators.
    #[serde(default)]
    pub validators: Vec<String>,
    /// Granted ORGANIZER_ROLE on VoteTally.
    #[serde(default)]
    pub organizers: Vec<String>,
}

/// Which asset miners bond.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CollateralAsset {
    /// The stablecoin also used for ad streams.
    #[default]
    Stablecoin,
    /// The chain's native coin (AVAX, ETH).
    Native,
}

/// Token choices.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tokens {
    /// Existing stablecoin for ad streams; absent deploys TestStablecoin (devnets only).
    #[serde(default)]
    pub stablecoin: Option<String>,
    /// Existing ERC20Votes stake token (timestamp clock); absent deploys FlixToken.
    #[serde(default)]
    pub stake_token: Option<String>,
    /// FlixToken supply in whole tokens when deployed.
    #[serde(default = "default_flix_supply")]
    pub flix_supply: u64,
    /// Collateral asset of MinerCollateral.
    #[serde(default)]
    pub collateral: CollateralAsset,
}

fn default_flix_supply() -> u64 {
    1_000_000_000
}

/// Contract parameters, with the defaults a production deployment would start from.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    /// Creator's cut of streamed ad revenue, basis points.
    pub creator_cut_bps: u16,
    /// Miner/validator unbonding period, seconds.
    pub unbonding_period_secs: u64,
    /// Miner's dispute window after a slash proposal, seconds.
    pub dispute_window_secs: u64,
    /// Time a slash proposal may stay open, seconds.
    pub proposal_ttl_secs: u64,
    /// Length of a slash-cap period, seconds.
    pub slash_cap_period_secs: u64,
    /// Most collateral slashed per period, in the asset's smallest unit.
    pub slash_cap_per_period: u128,
    /// Validator approvals a slash needs (m of n, at least 2).
    pub approval_threshold: u16,
    /// Seconds new validator stake waits before it shares site revenue.
    pub stake_warmup_secs: u64,
    /// Seconds a mint commitment must age before the mint reveals it: longer than a pending
    /// transaction takes to be included (see VideoNft).
    pub mint_commit_min_age_secs: u64,
    /// Seconds after which an unrevealed mint commitment lapses.
    pub mint_commit_max_age_secs: u64,
    /// VideoNft's base URI: each video's `tokenURI` is this followed by its id in decimal, so it
    /// names the indexer API's `/v1/metadata/{chain_id}/` (e.g.
    /// `https://api.example/v1/metadata/43114/`). Empty: no metadata.
    pub metadata_base_url: String,
}

/// The longest duration the contracts accept for any parameter (MinerCollateral.MAX_DURATION).
const MAX_DURATION_SECS: u64 = 365 * 86_400;
/// The longest mint commitment age (VideoNft.MAX_COMMIT_AGE_BOUND).
const MAX_COMMIT_AGE_SECS: u64 = 30 * 86_400;

impl Default for Params {
    fn default() -> Self {
        Self {
            creator_cut_bps: 1_000,
            unbonding_period_secs: 7 * 86_400,
            dispute_window_secs: 2 * 86_400,
            proposal_ttl_secs: 14 * 86_400,
            slash_cap_period_secs: 86_400,
            slash_cap_per_period: 100_000_000_000,
            approval_threshold: 2,
            stake_warmup_secs: 86_400,
            mint_commit_min_age_secs: 60,
            mint_commit_max_age_secs: 86_400,
            metadata_base_url: String::new(),
        }
    }
}

impl NetworkConfig {
    /// Reads and validates a network file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        let cfg: Self = toml::from_str(&text)
            .map_err(|source| Error::Toml { path: path.to_path_buf(), source: Box::new(source) })?;
        cfg.validate()?;
        Ok(cfg)
    }

    /// Checks what the contracts would otherwise reject at deployment.
    pub fn validate(&self) -> Result<()> {
        let p = &self.params;
        if self.chain.name.is_empty() || !self.chain.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(Error::Invalid(format!("chain.name {:?} must be alphanumeric or '-'", self.chain.name)));
        }
        let ix = &self.indexer;
        if ix.reorg_window == 0 || ix.max_block_range == 0 || ix.concurrency == 0 || ix.poll_interval_ms == 0 {
            return Err(Error::Invalid(
                "indexer.reorg_window, max_block_range, concurrency and poll_interval_ms must be > 0".into(),
            ));
        }
        if p.creator_cut_bps > 10_000 {
            return Err(Error::Invalid("params.creator_cut_bps must be <= 10000".into()));
        }
        if p.approval_threshold < 2 {
            return Err(Error::Invalid("params.approval_threshold must be >= 2: no lone validator slashes".into()));
        }
        if p.slash_cap_period_secs == 0 || p.dispute_window_secs == 0 || p.stake_warmup_secs == 0 {
            return Err(Error::Invalid(
                "params.slash_cap_period_secs, dispute_window_secs and stake_warmup_secs must be > 0".into(),
            ));
        }
        let durations = [p.unbonding_period_secs, p.proposal_ttl_secs, p.slash_cap_period_secs, p.stake_warmup_secs];
        if durations.iter().any(|&d| d > MAX_DURATION_SECS) {
            return Err(Error::Invalid(format!("params durations must be <= {MAX_DURATION_SECS} s (365 days)")));
        }
        if p.unbonding_period_secs <= p.dispute_window_secs {
            return Err(Error::Invalid("params.unbonding_period_secs must exceed dispute_window_secs".into()));
        }
        if p.proposal_ttl_secs < p.dispute_window_secs + p.slash_cap_period_secs {
            return Err(Error::Invalid(
                "params.proposal_ttl_secs must be >= dispute_window_secs + slash_cap_period_secs, so that every \
                 proposal gets a cap period to execute in"
                    .into(),
            ));
        }
        if p.mint_commit_min_age_secs == 0
            || p.mint_commit_max_age_secs <= p.mint_commit_min_age_secs
            || p.mint_commit_max_age_secs > MAX_COMMIT_AGE_SECS
        {
            return Err(Error::Invalid(format!(
                "params.mint_commit_min_age_secs must be > 0 and below mint_commit_max_age_secs <= {MAX_COMMIT_AGE_SECS}"
            )));
        }
        if self.chain.contracts.streams_tokens() {
            if !self.chain.devnet && self.tokens.stablecoin.is_none() {
                return Err(Error::Invalid("tokens.stablecoin is required unless chain.devnet = true".into()));
            }
        } else if self.tokens.stablecoin.is_some() || self.tokens.stake_token.is_some() {
            return Err(Error::Invalid(format!(
                "the {:?} suite moves the native coin: tokens.stablecoin and tokens.stake_token do not apply",
                self.chain.contracts
            )));
        }
        let x = &self.crosschain;
        let n = x.attesters.len();
        if n > 0 && (usize::from(x.threshold) * 2 <= n || usize::from(x.threshold) > n) {
            return Err(Error::Invalid(format!(
                "crosschain.threshold {} of {n} attesters: it must be a majority, at most {n}",
                x.threshold
            )));
        }
        if x.freeze_window_secs == 0
            || x.freeze_period_secs == 0
            || x.freeze_window_secs > MAX_DURATION_SECS
            || x.freeze_period_secs > MAX_DURATION_SECS
            || x.valuation_interval_secs > MAX_DURATION_SECS
        {
            return Err(Error::Invalid(
                "crosschain.freeze_window_secs and freeze_period_secs must be in 1..=365 days, valuation_interval_secs \
                 at most 365 days"
                    .into(),
            ));
        }
        if (self.roles.validators.len() as u64) < u64::from(p.approval_threshold) && !self.roles.validators.is_empty() {
            return Err(Error::Invalid(format!(
                "{} validators cannot reach approval_threshold {}",
                self.roles.validators.len(),
                p.approval_threshold
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<NetworkConfig> {
        let cfg: NetworkConfig = toml::from_str(text).map_err(|e| Error::Invalid(e.to_string()))?;
        cfg.validate()?;
        Ok(cfg)
    }

    #[test]
    fn minimal_devnet_config_uses_defaults() {
        let cfg = parse("[chain]\nname = \"avalanche\"\nchain_id = 43114\nrpc_url = \"http://x\"\ndevnet = true\n")
            .expect("valid");
        assert_eq!(cfg.params.approval_threshold, 2);
        assert_eq!(cfg.signer.private_key_env, "TFX_PRIVATE_KEY");
    }

    #[test]
    fn real_network_needs_a_stablecoin() {
        let err = parse("[chain]\nname = \"ethereum\"\nchain_id = 1\nrpc_url = \"http://x\"\n").expect_err("invalid");
        assert!(err.to_string().contains("tokens.stablecoin"), "{err}");
    }

    #[test]
    fn ink_suite_needs_no_stablecoin() {
        let cfg = parse(
            "[chain]\nname = \"polkadot-hub\"\nchain_id = 420420419\nrpc_url = \"http://x\"\ncontracts = \"ink\"\n",
        )
        .expect("valid");
        assert_eq!(cfg.chain.contracts, ContractSuite::Ink);
        let err = parse(
            "[chain]\nname = \"p\"\nchain_id = 1\nrpc_url = \"x\"\ncontracts = \"ink\"\n[tokens]\nstablecoin = \"0x01\"\n",
        )
        .expect_err("invalid");
        assert!(err.to_string().contains("native coin"), "{err}");
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(parse("[chain]\nname = \"a\"\nchain_id = 1\nrpc_url = \"x\"\ndevnet = true\ntypo = 1\n").is_err());
    }

    #[test]
    fn unbonding_must_outlast_disputes() {
        let err = parse(
            "[chain]\nname = \"a\"\nchain_id = 1\nrpc_url = \"x\"\ndevnet = true\n[params]\nunbonding_period_secs = 10\ndispute_window_secs = 10\n",
        )
        .expect_err("invalid");
        assert!(err.to_string().contains("exceed"), "{err}");
    }

    #[test]
    fn every_proposal_gets_a_cap_period_and_no_lone_validator_slashes() {
        let base = "[chain]\nname = \"a\"\nchain_id = 1\nrpc_url = \"x\"\ndevnet = true\n[params]\n";
        let err = parse(&format!("{base}proposal_ttl_secs = 172800\n")).expect_err("ttl below window + period");
        assert!(err.to_string().contains("cap period"), "{err}");
        let err = parse(&format!("{base}approval_threshold = 1\n")).expect_err("threshold 1");
        assert!(err.to_string().contains(">= 2"), "{err}");
        let err = parse(&format!("{base}unbonding_period_secs = 40000000\n")).expect_err("too long");
        assert!(err.to_string().contains("365 days"), "{err}");
        let err = parse(&format!("{base}mint_commit_min_age_secs = 0\n")).expect_err("no commit age");
        assert!(err.to_string().contains("mint_commit"), "{err}");
    }

    #[test]
    fn attesters_need_a_majority_threshold() {
        let base = "[chain]\nname = \"a\"\nchain_id = 1\nrpc_url = \"x\"\ndevnet = true\n[crosschain]\n";
        let three = "attesters = [\"0x01\", \"0x02\", \"0x03\"]\n";
        assert!(parse(&format!("{base}{three}threshold = 2\n")).is_ok());
        let err = parse(&format!("{base}{three}threshold = 1\n")).expect_err("minority");
        assert!(err.to_string().contains("majority"), "{err}");
        assert!(parse(&format!("{base}{three}threshold = 4\n")).is_err());
        let err = parse(&format!("{base}freeze_window_secs = 0\n")).expect_err("no window");
        assert!(err.to_string().contains("freeze_window_secs"), "{err}");
    }
}
