//! The five ink! contracts instantiated and wired on one [`Chain`] as `tfx-deploy` wires them on
//! Polkadot Hub, with the actions a test needs in one line each: what the Solidity tests' `Fixture`
//! is to forge.

use crate::abi::{AdRevenue, MinerCollateral, TestWallet, VideoNft, VideoShares, VoteTally, evm};
use crate::{CallError, Chain};
use alloy_primitives::aliases::U40;
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_sol_types::{SolConstructor, SolEventInterface, SolInterface, SolStruct, SolValue, eip712_domain, sol};
use k256::ecdsa::SigningKey;

/// Creator cut of the fixture, basis points.
pub const CREATOR_CUT_BPS: u16 = 1_000;
/// Seconds a mint commitment must age.
pub const COMMIT_MIN_AGE: u64 = 60;
/// Seconds after which a mint commitment lapses.
pub const COMMIT_MAX_AGE: u64 = 86_400;
/// A day, seconds.
pub const DAY: u64 = 86_400;
/// One stablecoin-like unit with 6 decimals (the Solidity fixture's `e6`).
pub const E6: u128 = 1_000_000;
/// `SlashReason.BotEngagement`.
pub const BOT_ENGAGEMENT: u8 = 3;
/// The playback id the fixture mints with.
pub const PLAYBACK: &str = "f5eese9wwl88k4g8";

/// The admin of every contract (dev account 0).
pub fn admin() -> Address {
    Chain::account(0)
}
/// A creator (dev account 1).
pub fn creator() -> Address {
    Chain::account(1)
}
/// An advertiser (dev account 2).
pub fn advertiser() -> Address {
    Chain::account(2)
}
/// A share holder or buyer (dev account 3).
pub fn holder() -> Address {
    Chain::account(3)
}
/// A miner (dev account 4).
pub fn miner() -> Address {
    Chain::account(4)
}
/// The three validators (dev accounts 5 to 7).
pub fn validators() -> [Address; 3] {
    [Chain::account(5), Chain::account(6), Chain::account(7)]
}
/// Where slashes go.
pub fn treasury() -> Address {
    Address::repeat_byte(0x7e)
}

/// MinerCollateral's parameters in the Solidity fixture's values: (unbonding, dispute window, time
/// to live, cap period, cap, threshold, stake warm-up).
pub fn default_params() -> (U40, U40, U40, U40, u128, u16, U40) {
    (U40::from(7 * DAY), U40::from(2 * DAY), U40::from(14 * DAY), U40::from(DAY), 1_000 * E6, 2, U40::from(3_600))
}

/// The suite on a chain.
pub struct Suite {
    /// The chain.
    pub chain: Chain,
    /// VideoNft.
    pub nft: Address,
    /// VideoShares.
    pub shares: Address,
    /// AdRevenue.
    pub ads: Address,
    /// VoteTally.
    pub tally: Address,
    /// MinerCollateral, with the three validators registered.
    pub collateral: Address,
}

impl Default for Suite {
    fn default() -> Self {
        Self::new()
    }
}

impl Suite {
    /// The suite on a fresh devnet chain.
    pub fn new() -> Self {
        Self::on(Chain::new())
    }

    /// The suite on `chain`.
    pub fn on(mut chain: Chain) -> Self {
        let a = admin();
        let nft_args = VideoNft::constructorCall {
            admin: a,
            commit_min_age: U40::from(COMMIT_MIN_AGE),
            commit_max_age: U40::from(COMMIT_MAX_AGE),
        }
        .abi_encode();
        let nft = deploy(&mut chain, "video_nft", nft_args);
        let shares =
            deploy(&mut chain, "video_shares", VideoShares::constructorCall { video_nft: nft, admin: a }.abi_encode());
        let ads_args =
            AdRevenue::constructorCall { videos: nft, shares, creator_cut_bps: CREATOR_CUT_BPS, admin: a }.abi_encode();
        let ads = deploy(&mut chain, "ad_revenue", ads_args);
        let tally = deploy(&mut chain, "vote_tally", VoteTally::constructorCall {}.abi_encode());
        let collateral_args =
            MinerCollateral::constructorCall { treasury: treasury(), params: default_params() }.abi_encode();
        let collateral = deploy(&mut chain, "miner_collateral", collateral_args);
        chain.transact(a, shares, &VideoShares::setRevenueHookCall { hook: ads }).expect("VideoShares hook");
        chain.transact(a, nft, &VideoNft::setHooksCall { shares, hook: ads }).expect("VideoNft hooks");
        for v in validators() {
            chain.transact(a, collateral, &MinerCollateral::addValidatorCall { validator: v }).expect("validator");
        }
        chain.take_logs();
        Self { chain, nft, shares, ads, tally, collateral }
    }

    /// A contract wallet owned by `owner` (see `contracts/ink/test_wallet`).
    pub fn wallet(&mut self, owner: Address) -> Address {
        self.chain
            .deploy(owner, Chain::artifact("test_wallet"), TestWallet::constructorCall {}.abi_encode(), U256::ZERO)
            .expect("TestWallet")
    }

    /// The salt `who` commits `hash` with in these tests.
    pub fn salt(who: Address, hash: B256) -> B256 {
        keccak256((b"salt".as_slice(), who, hash).abi_encode_packed())
    }

    /// `who` records its commitment to mint `hash` (the digest of one content hash).
    pub fn commit(&mut self, who: Address, hash: B256) -> Result<(), CallError> {
        let digest = keccak256(hash);
        let commitment = self.chain.view(
            self.nft,
            &VideoNft::mintCommitmentCall { creator: who, salt: Self::salt(who, hash), content_hashes_digest: digest },
        );
        self.chain.transact(who, self.nft, &VideoNft::commitMintCall { commitment })
    }

    /// `who` reveals its commitment to mint `hash`.
    pub fn reveal(&mut self, who: Address, hash: B256, royalty_bps: u16) -> Result<U256, CallError> {
        let mint = VideoNft::mintCall {
            content_hash: hash,
            playback_id: PLAYBACK.into(),
            royalty_bps,
            salt: Self::salt(who, hash),
        };
        self.chain.send(who, self.nft, &mint)
    }

    /// Commits, waits out the minimum age and mints, as a creator does; the video id.
    pub fn mint(&mut self, who: Address, hash: B256) -> U256 {
        self.commit(who, hash).expect("commit");
        self.chain.warp(COMMIT_MIN_AGE);
        self.reveal(who, hash, 500).expect("mint")
    }

    /// `owner` fractionalizes `id` into `supply` shares.
    pub fn fractionalize(&mut self, owner: Address, id: U256, supply: U256) -> Result<(), CallError> {
        let call = VideoNft::safeTransferFromCall {
            from: owner,
            to: self.shares,
            token_id: id,
            data: supply.abi_encode().into(),
        };
        self.chain.transact(owner, self.nft, &call)
    }

    /// `from` moves `value` shares of `id` to `to`.
    pub fn move_shares(&mut self, from: Address, to: Address, id: U256, value: U256) -> Result<(), CallError> {
        let call = VideoShares::safeTransferFromCall { from, to, id, value, data: Default::default() };
        self.chain.transact(from, self.shares, &call)
    }

    /// `from` transfers the NFT `id` to `to`.
    pub fn transfer_video(&mut self, from: Address, to: Address, id: U256) -> Result<(), CallError> {
        self.chain.transact(from, self.nft, &VideoNft::transferFromCall { from, to, token_id: id })
    }

    /// The advertiser opens a campaign on `id`, paying the deposit as the call's value.
    pub fn open(&mut self, id: U256, rate: u128, deposit: u128) -> Result<U256, CallError> {
        let call = AdRevenue::openCampaignCall { video_id: id, rate_per_second: rate, deposit };
        self.chain.send_value(advertiser(), self.ads, &call, U256::from(deposit))
    }

    /// Anyone settles campaign `cid`.
    pub fn settle(&mut self, cid: U256) -> Result<(), CallError> {
        self.chain.transact(holder(), self.ads, &AdRevenue::settleCall { campaign_id: cid })
    }

    /// What `who` can claim from `id`.
    pub fn claimable(&mut self, id: U256, who: Address) -> U256 {
        self.chain.view(self.ads, &AdRevenue::claimableCall { video_id: id, account: who })
    }

    /// The miner bonds `amount`.
    pub fn deposit(&mut self, amount: u128) -> Result<(), CallError> {
        let call = MinerCollateral::depositCall { amount };
        self.chain.send_value(miner(), self.collateral, &call, U256::from(amount)).map(drop)
    }

    /// A validator proposes slashing the miner by `amount`; the slash id.
    pub fn propose(&mut self, validator: Address, amount: u128) -> Result<U256, CallError> {
        let call = MinerCollateral::proposeSlashCall {
            miner: miner(),
            amount,
            reason: BOT_ENGAGEMENT,
            evidence_hash: B256::repeat_byte(0xee),
        };
        self.chain.send(validator, self.collateral, &call)
    }

    /// A validator approves slash `sid`.
    pub fn approve(&mut self, validator: Address, sid: U256) -> Result<(), CallError> {
        self.chain.transact(validator, self.collateral, &MinerCollateral::approveSlashCall { slash_id: sid })
    }

    /// The slash `sid` as the Solidity ABI returns it.
    pub fn slash(&mut self, sid: U256) -> evm::MinerCollateral::SlashProposal {
        self.chain.view(self.collateral, &evm::MinerCollateral::slashOfCall { slashId: sid })
    }

    /// Events `contract` emitted since the last `take_logs`, decoded with the Solidity ABI of `E`.
    pub fn events<E: SolEventInterface>(&mut self, contract: Address) -> Vec<E> {
        self.chain
            .take_logs()
            .iter()
            .filter(|l| l.address == contract)
            .filter_map(|l| E::decode_log(l).ok().map(|e| e.data))
            .collect()
    }
}

/// The custom error of `E` that `result` reverted with; panics on success or another error.
pub fn error_of<T, E: SolInterface>(result: Result<T, CallError>) -> E {
    match result {
        Ok(_) => panic!("expected a revert, the call succeeded"),
        Err(e) => e.decode::<E>().unwrap_or_else(|| panic!("not a {}: {e}", std::any::type_name::<E>())),
    }
}

fn deploy(chain: &mut Chain, name: &str, args: Vec<u8>) -> Address {
    chain.deploy(admin(), Chain::artifact(name), args, U256::ZERO).unwrap_or_else(|e| panic!("{name}: {e}"))
}

sol! {
    /// The EIP-712 struct a voter signs (VoteTally's `VOTE_TYPEHASH`).
    struct Vote { uint256 roundId; uint32 candidate; address voter; uint256 nonce; uint256 deadline; }
}

/// A voter with the secp256k1 key an Ethereum wallet holds.
pub struct Voter {
    key: SigningKey,
    /// Its address.
    pub address: Address,
}

impl Voter {
    /// The voter whose private key is `[seed; 32]`.
    pub fn new(seed: u8) -> Self {
        let key = SigningKey::from_bytes(&[seed; 32].into()).expect("key");
        let address = Address::from_private_key(&key);
        Self { key, address }
    }

    /// The EIP-712 digest a wallet shows and signs for a vote on `chain_id`'s `tally`.
    pub fn digest(
        &self,
        chain_id: u64,
        tally: Address,
        round: U256,
        candidate: u32,
        nonce: U256,
        deadline: U256,
    ) -> B256 {
        let domain = eip712_domain! {
            name: "TensorFlix VoteTally",
            version: "1",
            chain_id: chain_id,
            verifying_contract: tally,
        };
        Vote { roundId: round, candidate, voter: self.address, nonce, deadline }.eip712_signing_hash(&domain)
    }

    /// What a wallet's `eth_signTypedData_v4` returns for that vote: r ‖ s ‖ v, v 27 or 28.
    pub fn sign(
        &self,
        chain_id: u64,
        tally: Address,
        round: U256,
        candidate: u32,
        nonce: U256,
        deadline: U256,
    ) -> Vec<u8> {
        sign_digest(&self.key, self.digest(chain_id, tally, round, candidate, nonce, deadline)).to_vec()
    }

    /// The signed vote a relayer submits, in the Solidity ABI's `SignedVote`.
    pub fn vote(
        &self,
        chain_id: u64,
        tally: Address,
        round: U256,
        candidate: u32,
        nonce: U256,
        deadline: U256,
    ) -> evm::IVoteTally::SignedVote {
        let signature = self.sign(chain_id, tally, round, candidate, nonce, deadline).into();
        evm::IVoteTally::SignedVote { roundId: round, candidate, voter: self.address, nonce, deadline, signature }
    }
}

/// 65-byte `r || s || v` (v 27 or 28) over a 32-byte digest, as a wallet or an attester signs.
pub fn sign_digest(key: &SigningKey, digest: B256) -> Bytes {
    let (sig, recid) = key.sign_prehash_recoverable(digest.as_slice()).expect("sign");
    let mut bytes = sig.to_bytes().to_vec();
    bytes.push(27 + recid.to_byte());
    bytes.into()
}

/// `n` attester keys derived from `seed`, sorted by address (the order a Mailbox's `deliver` wants).
pub fn attester_keys(seed: u64, n: usize) -> Vec<(SigningKey, Address)> {
    let mut keys: Vec<_> = (0..n as u64)
        .map(|i| {
            let key = SigningKey::from_bytes(&keccak256((U256::from(seed), U256::from(i)).abi_encode()).0.into())
                .expect("key");
            let address = Address::from_private_key(&key);
            (key, address)
        })
        .collect();
    keys.sort_by_key(|(_, a)| *a);
    keys
}
